import { AlertTriangle, Plug, Plus } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { Button } from "../../components/ui/Button";
import { PlatformIcon } from "../../components/ui/PlatformIcon";
import { Skeleton } from "../../components/ui/Skeleton";
import { toast } from "../../components/ui/Toast";
import { api } from "../../lib/api";
import { cn } from "../../lib/cn";
import { AccountCard } from "./AccountCard";
import { ConnectWhatsAppDialog } from "./ConnectWhatsAppDialog";
import { DeclinedPermissions } from "./DeclinedPermissions";
import { usePlatforms, useSyncProgress } from "./hooks";
import { MetaChoiceDialog } from "./MetaChoiceDialog";

export function ChannelsPage() {
  const q = usePlatforms();
  const progress = useSyncProgress();
  const [sp, setSp] = useSearchParams();
  const [waOpen, setWaOpen] = useState(false);
  const [starting, setStarting] = useState(false);
  const sessionId = sp.get("connect");
  const connectError = sp.get("connect_error");
  const declined = (sp.get("connect_declined") ?? "").split(",").filter(Boolean);
  const needsReauth = (q.data ?? []).filter((a) => a.status === "NEEDS_REAUTH");
  // People come here mostly to check their accounts: those first, "add a channel" below them.
  const hasAccounts = (q.data?.length ?? 0) > 0;

  /** `rerequest`: Facebook shows permissions the person declined before only when asked to again. */
  async function connectMeta(opts: { rerequest?: boolean } = {}) {
    setStarting(true);
    try {
      const { url } = await api<{ url: string }>("/api/platforms/meta/connect/start", {
        method: "POST",
        body: opts.rerequest ? { rerequest: true } : {},
      });
      window.location.assign(url);
    } catch (e) {
      toast((e as Error).message, "error");
      setStarting(false);
    }
  }

  const clearParams = () => setSp({}, { replace: true });

  // The same list shows above "Add a channel" once accounts exist, and below it in an empty workspace.
  const accountList = q.isPending ? (
    <div className="space-y-3">
      <Skeleton className="h-20 rounded-xl" />
      <Skeleton className="h-20 rounded-xl" />
    </div>
  ) : q.isError ? (
    <p role="alert" className="text-sm text-red-600">
      {q.error.message}
    </p>
  ) : q.data.length === 0 ? (
    <div className="rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center">
      <Plug className="mx-auto h-6 w-6 text-zinc-400" aria-hidden="true" />
      <p className="mt-3 text-sm font-medium text-zinc-900">No channels yet</p>
      <p className="mt-1 text-sm text-zinc-500">
        Connect an account above and your conversations will appear in the inbox within a minute.
      </p>
    </div>
  ) : (
    <ul className="space-y-3" aria-label="Connected accounts">
      {q.data.map((a) => (
        <AccountCard
          key={a.id}
          account={a}
          progress={progress[a.id]}
          onReconnect={a.platform === "WHATSAPP" ? () => setWaOpen(true) : () => connectMeta()}
        />
      ))}
    </ul>
  );

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl px-4 py-8 sm:px-8">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Channels</h1>
            <p className="mt-1 text-sm text-zinc-500">
              The accounts your customers message you on. History is imported when you connect.
            </p>
          </div>
        </div>

        {connectError && (
          <div
            role="alert"
            className="mt-6 flex items-start gap-3 rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-600/10 ring-inset"
          >
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden="true" />
            <p className="flex-1">Meta didn't connect: {connectError}</p>
            <button type="button" onClick={clearParams} className="font-medium underline">
              Dismiss
            </button>
          </div>
        )}

        {declined.length > 0 && (
          <DeclinedPermissions
            permissions={declined}
            asking={starting}
            onAskAgain={() => connectMeta({ rerequest: true })}
            onDismiss={clearParams}
          />
        )}

        {needsReauth.length > 0 && (
          <div
            role="alert"
            className="mt-6 flex flex-wrap items-center gap-3 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-600/20 ring-inset"
          >
            <AlertTriangle className="h-4 w-4 shrink-0 text-amber-600" aria-hidden="true" />
            <p className="min-w-0 flex-1">
              {needsReauth.length === 1 ? `${needsReauth[0].name} needs` : `${needsReauth.length} accounts need`}{" "}
              reconnecting: messages can't come in until you{" "}
              {needsReauth.every((a) => a.platform === "WHATSAPP")
                ? "paste a new access token."
                : "sign in to Meta again."}
            </p>
            <Button
              size="sm"
              variant="primary"
              onClick={needsReauth.some((a) => a.platform !== "WHATSAPP") ? () => connectMeta() : () => setWaOpen(true)}
            >
              Reconnect
            </Button>
          </div>
        )}

        {hasAccounts && (
          <>
            <h2 className="mt-8 mb-3 text-sm font-semibold text-zinc-900">Connected accounts</h2>
            {accountList}
            <h2 className="mt-10 text-sm font-semibold text-zinc-900">Add a channel</h2>
          </>
        )}
        <div className={cn("grid gap-3 sm:grid-cols-2", hasAccounts ? "mt-3" : "mt-6")}>
          <ConnectCard
            title="Facebook & Instagram"
            text="Messenger for your Pages and Instagram Direct for linked professional accounts."
            icons={["MESSENGER", "INSTAGRAM"]}
            action={
              <Button variant="primary" size="sm" loading={starting} onClick={() => connectMeta()}>
                {!starting && <Plus className="h-4 w-4" aria-hidden="true" />} Connect Facebook &amp; Instagram
              </Button>
            }
          />
          <ConnectCard
            title="WhatsApp Business"
            text="A number on the WhatsApp Cloud API, with your approved message templates."
            icons={["WHATSAPP"]}
            action={
              <Button size="sm" onClick={() => setWaOpen(true)}>
                <Plus className="h-4 w-4" aria-hidden="true" /> Connect WhatsApp
              </Button>
            }
          />
        </div>

        {!hasAccounts && (
          <>
            <h2 className="mt-10 mb-3 text-sm font-semibold text-zinc-900">Connected accounts</h2>
            {accountList}
          </>
        )}
      </div>

      <ConnectWhatsAppDialog open={waOpen} onOpenChange={setWaOpen} />
      {sessionId && <MetaChoiceDialog sessionId={sessionId} onClose={clearParams} />}
    </div>
  );
}

function ConnectCard({
  title,
  text,
  icons,
  action,
}: {
  title: string;
  text: string;
  icons: ("MESSENGER" | "INSTAGRAM" | "WHATSAPP")[];
  action: React.ReactNode;
}) {
  return (
    <div className="flex flex-col rounded-xl bg-white p-4 ring-1 ring-zinc-200">
      <div className="flex -space-x-1.5">
        {icons.map((p) => (
          <PlatformIcon key={p} platform={p} size="lg" ring />
        ))}
      </div>
      <h3 className="mt-3 text-sm font-semibold text-zinc-900">{title}</h3>
      <p className="mt-1 flex-1 text-sm text-zinc-500">{text}</p>
      <div className="mt-4">{action}</div>
    </div>
  );
}
