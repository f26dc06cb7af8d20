import { badRequest } from "../errors";

/** A keyset position: the (timestamp, id) of the last row a page showed. Opaque to clients. */
export type Keyset = { at: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(k: Keyset): string {
  return Buffer.from(`${k.at.toISOString()}|${k.id}`).toString("base64url");
}

/** Throws a 400 naming `field` when the cursor was not one we issued. */
export function decodeCursor(raw: string, field = "cursor"): Keyset {
  const [iso, id, extra] = Buffer.from(raw, "base64url").toString().split("|");
  const at = new Date(iso ?? "");
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(at.getTime())) {
    throw badRequest(`Invalid ${field}: not a cursor this API returned`, { [field]: "is not a valid cursor" });
  }
  return { at, id };
}
