import type { ConversationPriority } from "../db";
import { badRequest } from "../errors";

/**
 * A keyset position: the (timestamp, id) of the last row a page showed, and its priority when the list is
 * sorted by priority. Opaque to clients.
 */
export type Keyset = { at: Date; id: string; priority?: ConversationPriority };

const PRIORITIES: readonly string[] = ["NONE", "LOW", "MEDIUM", "HIGH", "URGENT"] satisfies ConversationPriority[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(k: Keyset): string {
  return Buffer.from(`${k.at.toISOString()}|${k.id}${k.priority ? `|${k.priority}` : ""}`).toString("base64url");
}

/** Throws a 400 naming `field` when the cursor was not one we issued (a thread's, or a list's by recency). */
export function decodeCursor(raw: string, field = "cursor"): Keyset {
  const k = parseCursor(raw, field);
  if (k.priority) throw invalid(field);
  return k;
}

const invalid = (field: string) =>
  badRequest(`Invalid ${field}: not a cursor this API returned`, { [field]: "is not a valid cursor" });

function parseCursor(raw: string, field: string): Keyset {
  const [iso, id, priority, extra] = Buffer.from(raw, "base64url").toString().split("|");
  const at = new Date(iso ?? "");
  const badPriority = priority !== undefined && !PRIORITIES.includes(priority);
  if (extra !== undefined || badPriority || !id || !UUID.test(id) || Number.isNaN(at.getTime())) throw invalid(field);
  return priority ? { at, id, priority: priority as ConversationPriority } : { at, id };
}

/** A list cursor, which must come from a list in the same order (a priority cursor carries a priority). */
export function decodeListCursor(raw: string, sort: "recent" | "priority" = "recent"): Keyset {
  const k = parseCursor(raw, "cursor");
  if (!k.priority !== (sort === "recent")) {
    throw badRequest("Invalid cursor: it belongs to a list in another order", {
      cursor: "is not a cursor of this order",
    });
  }
  return k;
}
