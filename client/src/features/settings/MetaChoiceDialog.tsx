import { useEffect, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { PlatformIcon } from "../../components/ui/PlatformIcon";
import { Skeleton } from "../../components/ui/Skeleton";
import { toast } from "../../components/ui/Toast";
import { api } from "../../lib/api";
import { cn } from "../../lib/cn";
import type { PlatformAccount } from "../../lib/types";
import { useInvalidatePlatforms, useMetaChoices } from "./hooks";

/** After Meta's OAuth dialog: which Pages (and their Instagram accounts) to bring into Parley. */
export function MetaChoiceDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const q = useMetaChoices(sessionId);
  const invalidate = useInvalidatePlatforms();
  const [pages, setPages] = useState<Set<string>>(new Set());
  const [igs, setIgs] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!q.data) return;
    const fresh = q.data.pages.filter((p) => !p.alreadyConnected);
    setPages(new Set(fresh.map((p) => p.id)));
    setIgs(new Set(fresh.flatMap((p) => (p.instagram ? [p.instagram.id] : []))));
  }, [q.data]);

  const toggle = (set: Set<string>, setter: (s: Set<string>) => void, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setter(next);
  };

  async function connect() {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ accounts: PlatformAccount[] }>("/api/platforms/meta/connect", {
        body: { sessionId, pageIds: [...pages], instagramIds: [...igs] },
      });
      toast(`${res.accounts.length} account${res.accounts.length === 1 ? "" : "s"} connected — importing history`);
      invalidate();
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Choose what to connect"
      description="Pick the Facebook Pages and Instagram accounts whose messages should come into Parley."
      className="max-w-lg"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={busy} disabled={!q.data || pages.size + igs.size === 0} onClick={connect}>
            Connect{" "}
            {pages.size + igs.size > 0
              ? `${pages.size + igs.size} account${pages.size + igs.size === 1 ? "" : "s"}`
              : ""}
          </Button>
        </>
      }
    >
      {q.isPending ? (
        <div className="space-y-3">
          <Skeleton className="h-16" />
          <Skeleton className="h-16" />
        </div>
      ) : q.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {q.error.message} Start the connection again.
        </p>
      ) : q.data.pages.length === 0 ? (
        <p className="text-sm text-zinc-600">
          This Facebook account doesn't manage any Pages. Create a Page or ask its admin to add you, then try again.
        </p>
      ) : (
        <ul className="space-y-2.5">
          {q.data.pages.map((p) => (
            <li key={p.id} className="rounded-xl ring-1 ring-zinc-200">
              <Choice
                checked={pages.has(p.id)}
                onChange={() => toggle(pages, setPages, p.id)}
                platform="MESSENGER"
                title={p.name}
                detail={
                  p.alreadyConnected ? "Already connected — reconnect to refresh access" : "Facebook Page · Messenger"
                }
              />
              {p.instagram && (
                <div className="border-t border-zinc-100">
                  <Choice
                    checked={igs.has(p.instagram.id)}
                    onChange={() => toggle(igs, setIgs, p.instagram!.id)}
                    platform="INSTAGRAM"
                    title={`@${p.instagram.username}`}
                    detail="Instagram professional account linked to this Page"
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-600">
          {error}
        </p>
      )}
    </Dialog>
  );
}

function Choice({
  checked,
  onChange,
  platform,
  title,
  detail,
}: {
  checked: boolean;
  onChange: () => void;
  platform: "MESSENGER" | "INSTAGRAM";
  title: string;
  detail: string;
}) {
  return (
    <label className={cn("flex cursor-pointer items-center gap-3 px-3.5 py-3", checked && "bg-accent-50/40")}>
      <input type="checkbox" checked={checked} onChange={onChange} className="h-4 w-4 rounded accent-accent-600" />
      <PlatformIcon platform={platform} size="md" />
      <span className="min-w-0">
        <span className="block truncate text-sm font-medium text-zinc-900">{title}</span>
        <span className="block truncate text-xs text-zinc-500">{detail}</span>
      </span>
    </label>
  );
}
