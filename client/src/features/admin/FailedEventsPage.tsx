import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, RotateCw } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { Skeleton } from "../../components/ui/Skeleton";
import { toast } from "../../components/ui/Toast";
import { api } from "../../lib/api";
import { keys } from "../../lib/query";
import { fullDateTime } from "../../lib/time";
import type { FailedEvent } from "../../lib/types";

const platformLabel: Record<string, string> = {
  messenger: "Messenger",
  instagram: "Instagram",
  whatsapp: "WhatsApp",
  MESSENGER: "Messenger",
  INSTAGRAM: "Instagram",
  WHATSAPP: "WhatsApp",
};

export function FailedEventsPage() {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: keys.failedEvents,
    // The contract says `items`; the admin API answers `events` — accept either.
    queryFn: async ({ signal }) => {
      const body = await api<{ items?: FailedEvent[]; events?: FailedEvent[] }>(
        "/api/admin/webhook-events?status=FAILED",
        { signal },
      );
      return { items: body.items ?? body.events ?? [] };
    },
  });
  const replay = useMutation({
    mutationFn: (id: string) => api(`/api/admin/webhook-events/${id}/replay`, { method: "POST" }),
    onSuccess: () => {
      toast("Event queued for replay");
      setTimeout(() => qc.invalidateQueries({ queryKey: keys.failedEvents }), 1500);
    },
    onError: (e) => toast(e.message, "error"),
  });

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-5xl px-4 py-8 sm:px-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Failed events</h1>
        <p className="mt-1 text-sm text-zinc-500">
          Webhooks from Meta that Parley couldn't process. Fix the cause, then replay them — nothing is lost.
        </p>
        <div className="mt-6 overflow-hidden rounded-xl bg-white ring-1 ring-zinc-200">
          {q.isPending ? (
            <div className="space-y-2 p-4">
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
            </div>
          ) : q.isError ? (
            <p role="alert" className="p-4 text-sm text-red-600">
              {q.error.message}
            </p>
          ) : q.data.items.length === 0 ? (
            <EmptyState icon={<CheckCircle2 className="h-5 w-5 text-emerald-500" />} title="All webhooks processed">
              When an event can't be processed it shows up here with the reason.
            </EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500">
                <tr>
                  <th className="px-4 py-2.5 font-medium">Received</th>
                  <th className="px-4 py-2.5 font-medium">Channel</th>
                  <th className="hidden px-4 py-2.5 font-medium sm:table-cell">Attempts</th>
                  <th className="px-4 py-2.5 font-medium">Reason</th>
                  <th className="px-4 py-2.5" />
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {q.data.items.map((e) => (
                  <tr key={e.id} className="align-top">
                    <td className="px-4 py-3 whitespace-nowrap text-zinc-600 tabular-nums">
                      {fullDateTime(e.receivedAt)}
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap">{platformLabel[e.platform] ?? e.platform}</td>
                    <td className="hidden px-4 py-3 text-zinc-600 tabular-nums sm:table-cell">{e.attempts}</td>
                    <td className="px-4 py-3">
                      <code className="rounded bg-red-50 px-1.5 py-0.5 text-xs break-all text-red-700">
                        {e.error ?? "Unknown error"}
                      </code>
                      {e.preview && (
                        <details className="mt-1.5">
                          <summary className="cursor-pointer text-xs text-zinc-500 hover:text-zinc-800">
                            Payload
                          </summary>
                          <pre className="mt-1 max-h-40 overflow-auto rounded-md bg-zinc-50 p-2 text-[11px] break-all whitespace-pre-wrap text-zinc-600">
                            {e.preview}
                          </pre>
                        </details>
                      )}
                    </td>
                    <td className="px-4 py-3 text-right">
                      <Button
                        size="sm"
                        onClick={() => replay.mutate(e.id)}
                        loading={replay.isPending && replay.variables === e.id}
                        aria-label={`Replay event ${e.id}`}
                      >
                        <RotateCw className="h-3.5 w-3.5" aria-hidden="true" /> Replay
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}
