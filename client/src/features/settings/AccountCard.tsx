import { AlertTriangle, MoreHorizontal, RefreshCw, Unplug } from "lucide-react";
import { useState } from "react";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { DropdownContent, DropdownItem, DropdownRoot, DropdownTrigger } from "../../components/ui/Dropdown";
import { PlatformIcon, platformName } from "../../components/ui/PlatformIcon";
import { toast } from "../../components/ui/Toast";
import { ago, fullDateTime } from "../../lib/time";
import type { PlatformAccount, SyncProgress } from "../../lib/types";
import { useDisconnect, useSyncNow } from "./hooks";
import { isRunning, syncFraction } from "./syncProgress";

const statusBadge = {
  ACTIVE: (
    <Badge tone="green" dot>
      Connected
    </Badge>
  ),
  NEEDS_REAUTH: (
    <Badge tone="amber" dot>
      Needs reconnecting
    </Badge>
  ),
  DISCONNECTED: <Badge dot>Disconnected</Badge>,
};

export function AccountCard({
  account,
  progress,
  onReconnect,
}: {
  account: PlatformAccount;
  progress?: SyncProgress;
  onReconnect: () => void;
}) {
  const sync = useSyncNow();
  const disconnect = useDisconnect();
  const [confirm, setConfirm] = useState(false);
  // A finished run in the account (e.g. after a missed event) outranks a stale "running" progress.
  const finished = progress && account.lastRun?.id === progress.runId && !isRunning(account.lastRun.status);
  const live = progress && isRunning(progress.status) && !finished ? progress : null;
  const run = live ?? (account.lastRun && isRunning(account.lastRun.status) ? account.lastRun : null);
  const fraction = run ? syncFraction(run) : null;
  const syncing = !!run || sync.isPending;
  const supportsHistory = account.platform !== "WHATSAPP";

  return (
    <li
      className="rounded-xl bg-white ring-1 ring-zinc-200"
      data-account-id={account.id}
      data-platform={account.platform}
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-3 p-4 sm:flex-nowrap">
        <PlatformIcon platform={account.platform} size="lg" />
        <div className="min-w-0 flex-1 basis-[calc(100%-3.25rem)] sm:basis-auto">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="truncate text-sm font-semibold text-zinc-900">{account.name}</h3>
            {statusBadge[account.status]}
          </div>
          <p className="mt-0.5 text-xs text-zinc-500">
            {platformName[account.platform]} · {account.counts.conversations.toLocaleString()} conversations ·{" "}
            {account.counts.messages.toLocaleString()} messages
          </p>
          <p className="mt-0.5 text-xs text-zinc-400">
            {account.lastSyncedAt ? (
              <span title={fullDateTime(account.lastSyncedAt)}>Last synced {ago(account.lastSyncedAt)}</span>
            ) : (
              "Not synced yet"
            )}
            {account.lastRun?.status === "FAILED" && account.lastRun.error && (
              <span className="text-red-600"> · Last sync failed: {account.lastRun.error}</span>
            )}
          </p>
        </div>
        <div className="ml-13 flex items-center gap-1 sm:ml-0">
          <Button
            size="sm"
            loading={syncing}
            disabled={account.status !== "ACTIVE"}
            onClick={() => sync.mutate(account.id, { onError: (e) => toast(e.message, "error") })}
            aria-label={`Sync ${account.name} now`}
          >
            {!syncing && <RefreshCw className="h-3.5 w-3.5" aria-hidden="true" />}
            {syncing ? "Syncing…" : "Sync now"}
          </Button>
          <DropdownRoot>
            <DropdownTrigger asChild>
              <Button size="icon-sm" variant="ghost" aria-label={`More actions for ${account.name}`}>
                <MoreHorizontal className="h-4 w-4" />
              </Button>
            </DropdownTrigger>
            <DropdownContent>
              <DropdownItem icon={<RefreshCw className="h-4 w-4" />} onSelect={onReconnect}>
                {account.platform === "WHATSAPP" ? "Update access token" : "Reconnect"}
              </DropdownItem>
              <DropdownItem danger icon={<Unplug className="h-4 w-4 text-red-500" />} onSelect={() => setConfirm(true)}>
                Disconnect
              </DropdownItem>
            </DropdownContent>
          </DropdownRoot>
        </div>
      </div>

      {run && (
        <div className="border-t border-zinc-100 px-4 py-3" data-testid="sync-progress">
          <div className="mb-1.5 flex justify-between text-xs text-zinc-500">
            <span>
              {run.status === "PAUSED"
                ? "Paused while Meta's rate limit recovers — resuming shortly"
                : supportsHistory
                  ? "Importing conversation history…"
                  : "Checking the number's health…"}
            </span>
            <span className="tabular-nums">
              {run.conversationsDone.toLocaleString()}
              {run.conversationsEst ? ` / ${run.conversationsEst.toLocaleString()}` : ""} conversations
            </span>
          </div>
          <div
            className="h-1.5 overflow-hidden rounded-full bg-zinc-100"
            role="progressbar"
            aria-label={`Sync progress for ${account.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
          >
            <div
              className={
                fraction === null
                  ? "h-full w-1/3 animate-pulse rounded-full bg-accent-500"
                  : "h-full rounded-full bg-accent-600 transition-[width] duration-500"
              }
              style={fraction === null ? undefined : { width: `${Math.max(3, fraction * 100)}%` }}
            />
          </div>
        </div>
      )}

      {account.status === "NEEDS_REAUTH" && (
        <div
          className="flex flex-wrap items-center gap-3 rounded-b-xl border-t border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          role="alert"
        >
          <AlertTriangle className="h-4 w-4 shrink-0 text-amber-600" aria-hidden="true" />
          <p className="min-w-0 flex-1">
            {account.platform === "WHATSAPP"
              ? "The access token for this number stopped working. Paste a new system-user token to keep messages flowing."
              : "Meta needs you to sign in again before new messages can come through for this account."}
          </p>
          <Button size="sm" variant="primary" onClick={onReconnect}>
            {account.platform === "WHATSAPP" ? "Update token" : "Reconnect"}
          </Button>
        </div>
      )}

      <Dialog
        open={confirm}
        onOpenChange={setConfirm}
        title={`Disconnect ${account.name}?`}
        description="New messages from this account will stop arriving. Existing conversations stay in your inbox, and you can connect it again at any time."
        footer={
          <>
            <Button onClick={() => setConfirm(false)}>Cancel</Button>
            <Button
              variant="danger"
              loading={disconnect.isPending}
              onClick={() =>
                disconnect.mutate(account.id, {
                  onSuccess: () => {
                    setConfirm(false);
                    toast(`${account.name} disconnected`);
                  },
                  onError: (e) => toast(e.message, "error"),
                })
              }
            >
              Disconnect
            </Button>
          </>
        }
      >
        <p className="text-sm text-zinc-600">
          {account.counts.conversations.toLocaleString()} conversations from {platformName[account.platform]} will be
          kept.
        </p>
      </Dialog>
    </li>
  );
}
