import { Info } from "lucide-react";
import { clockTime, fullDateTime } from "../../../lib/time";
import type { Message } from "../../../lib/types";

/**
 * Something the platform reported about the customer rather than something they wrote (a WhatsApp number
 * change): a centred line in the thread, not a bubble.
 */
export function SystemLine({ m }: { m: Message }) {
  return (
    <div className="flex justify-center px-6" data-message-id={m.id} data-kind="system">
      <p className="inline-flex max-w-[85%] items-center gap-1.5 rounded-full bg-zinc-100 px-3 py-1 text-xs text-zinc-600">
        <Info className="h-3.5 w-3.5 shrink-0 text-zinc-400" aria-hidden="true" />
        <span>{m.text || "The customer's account changed"}</span>
        <time className="text-zinc-400" dateTime={m.timestamp} title={fullDateTime(m.timestamp)}>
          {clockTime(m.timestamp)}
        </time>
      </p>
    </div>
  );
}
