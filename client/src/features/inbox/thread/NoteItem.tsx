import { Lock } from "lucide-react";
import { memo, type ReactNode } from "react";
import { clockTime, fullDateTime } from "../../../lib/time";
import type { Member, Message } from "../../../lib/types";
import { useMembers } from "../../workspace";

/**
 * Splits a note's text so each "@Name" of a mentioned teammate can be drawn as a chip. Mentions come back
 * as "\u0000" + user id, so no typed text can pass for one.
 */
export function mentionParts(text: string, mentioned: Pick<Member, "userId" | "name">[]): string[] {
  const names = mentioned
    .filter((m) => m.name)
    .sort((a, b) => b.name.length - a.name.length)
    .map((m) => ({ id: m.userId, token: `@${m.name}` }));
  const parts: string[] = [];
  let rest = text;
  while (rest) {
    let best: { at: number; id: string; token: string } | null = null;
    for (const n of names) {
      const at = rest.indexOf(n.token);
      if (at >= 0 && (!best || at < best.at)) best = { at, ...n };
    }
    if (!best) {
      parts.push(rest);
      break;
    }
    if (best.at > 0) parts.push(rest.slice(0, best.at));
    parts.push(`\u0000${best.id}`);
    rest = rest.slice(best.at + best.token.length);
  }
  return parts;
}

/** A private note: full width, amber, with a lock, so nobody mistakes it for something the customer saw. */
export const NoteItem = memo(function NoteItem({ m }: { m: Message }) {
  const members = useMembers();
  const ids = m.meta?.mentions ?? [];
  const mentioned = (members.data ?? []).filter((x) => ids.includes(x.userId));
  const parts = mentionParts(m.text ?? "", mentioned);
  const nameOf = (id: string) => mentioned.find((x) => x.userId === id)?.name ?? "teammate";
  const content: ReactNode[] = parts.map((p, i) =>
    p.startsWith("\u0000") ? (
      <span
        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable text
        key={i}
        data-mention={p.slice(1)}
        className="rounded bg-amber-200/70 px-1 font-medium text-amber-950"
      >
        @{nameOf(p.slice(1))}
      </span>
    ) : (
      p
    ),
  );
  return (
    <div className="px-4 sm:px-6" data-message-id={m.id} data-kind="note">
      <div className="mx-auto max-w-[85%] rounded-xl border border-dashed border-amber-300 bg-amber-50 px-3.5 py-2.5 sm:max-w-[75%]">
        <div className="mb-1 flex items-center gap-1.5 text-[11px] font-medium text-amber-800">
          <Lock className="h-3 w-3" aria-hidden="true" />
          <span>Private note{m.sentBy ? ` · ${m.sentBy.name}` : ""}</span>
          <time dateTime={m.timestamp} title={fullDateTime(m.timestamp)} className="ml-auto text-amber-700/70">
            {clockTime(m.timestamp)}
          </time>
        </div>
        <p className="text-sm whitespace-pre-wrap text-zinc-800">{content}</p>
      </div>
    </div>
  );
});
