import { notFound } from "@parley/core/errors";
import type { Request } from "express";
import { z } from "zod";

/**
 * The one id parser. Any 8-4-4-4-12 hex id Postgres accepts (z.uuid would also demand an RFC version
 * nibble); anything else cannot name a row and would make Postgres throw.
 */
export const uuid = z.guid({ error: "must be an id" });

export const isUuid = (s: unknown): s is string => uuid.safeParse(s).success;

/** Route parameter `name` as an id; one that is not an id names nothing here: 404 "`what` not found". */
export function idParam(req: Request, name: string, what: string): string {
  const id = req.params[name];
  if (!isUuid(id)) throw notFound(what);
  return id;
}
