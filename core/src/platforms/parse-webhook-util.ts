import type { z } from "zod";
import type { NormalizedEvent } from "./types";

/** What an adapter makes of one POST: the events, and the items it could not read (the rest still count). */
export type ParseResult = { events: NormalizedEvent[]; problems: string[] };

/** Drops undefined/null fields so stored JSON and test expectations stay small. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/** A zod error in a sentence a person can read in the admin view. */
export function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}
