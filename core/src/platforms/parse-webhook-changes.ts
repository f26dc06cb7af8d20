import { z } from "zod";
import type { ParseResult } from "./parse-webhook-util";

/**
 * `entry[].changes[]`, the shape Meta uses for Page and Instagram account fields other than messaging
 * (`feed`, `comments`, `mentions`…). Each handled field gets a parser; fields without one are ignored.
 */
type ChangeParser = (
  accountId: string,
  value: unknown,
  entryTime: number | undefined,
) => { event?: ParseResult["events"][number]; problem?: string };

const envelope = z.looseObject({
  entry: z.array(
    z.looseObject({
      id: z.union([z.string(), z.number()]).transform(String),
      time: z.union([z.number(), z.string()]).transform(Number).optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).optional(),
    }),
  ),
});

export function parseChanges(payload: unknown, parsers: Record<string, ChangeParser>): ParseResult {
  const out: ParseResult = { events: [], problems: [] };
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) return out; // the messaging parser reports a malformed envelope
  parsed.data.entry.forEach((entry, e) => {
    (entry.changes ?? []).forEach((change, i) => {
      const parse = parsers[change.field];
      if (!parse) return;
      const { event, problem } = parse(entry.id, change.value, entry.time);
      if (event) out.events.push(event);
      if (problem) out.problems.push(`entry[${e}].changes[${i}] (${change.field}): ${problem}`);
    });
  });
  return out;
}

export const mergeResults = (...results: ParseResult[]): ParseResult => ({
  events: results.flatMap((r) => r.events),
  problems: results.flatMap((r) => r.problems),
});
