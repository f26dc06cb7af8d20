import type { Request } from "express";
import { appSecretProof } from "../meta-json";
import type { SimCore } from "../simulator";
import type { TokenInfo } from "../state";
import { graphError } from "./errors";

export function tokenOf(req: Request): string | undefined {
  const h = req.get("authorization");
  if (h) {
    const m = /^(Bearer|OAuth)\s+(.+)$/i.exec(h);
    if (m) return m[2].trim();
  }
  const q = req.query.access_token ?? (req.body as Record<string, unknown> | undefined)?.access_token;
  return typeof q === "string" && q ? q : undefined;
}

/** Resolves the caller's token like Graph does: 104 without one, 190 (+subcode) when dead, 100 on a bad appsecret_proof. */
export function authenticate(sim: SimCore, req: Request): TokenInfo {
  const t = tokenOf(req);
  if (!t) throw graphError(104);
  const proof = req.query.appsecret_proof ?? (req.body as Record<string, unknown> | undefined)?.appsecret_proof;
  const info = sim.state.tokens.get(t);
  if (!info) throw graphError(190);
  if (typeof proof === "string" && proof !== appSecretProof(t, sim.appSecret)) {
    throw graphError(100, { message: "Invalid appsecret_proof provided in the API argument" });
  }
  if (info.invalid) throw graphError(190, { subcode: info.invalid.subcode, message: info.invalid.message });
  if (info.expiresAtMs !== undefined && info.expiresAtMs < sim.now()) {
    throw graphError(190, {
      subcode: 463,
      message: `Error validating access token: Session has expired on ${new Date(info.expiresAtMs).toUTCString()}.`,
    });
  }
  return info;
}

/** Page tokens act for their Page and its linked Instagram account; system-user tokens for their WABA. */
export function canAccess(sim: SimCore, tok: TokenInfo, accountId: string): boolean {
  if (tok.kind === "PAGE")
    return tok.pageId === accountId || sim.state.igAccounts.get(accountId)?.pageId === tok.pageId;
  if (tok.kind === "SYSTEM_USER")
    return tok.wabaId === accountId || sim.state.waNumbers.get(accountId)?.wabaId === tok.wabaId;
  if (tok.kind === "USER") {
    const page = sim.state.pageOf(accountId);
    return !!page && (!page.ownerUserId || page.ownerUserId === tok.userId);
  }
  return false;
}

export const noObject = (id: string) =>
  graphError(100, {
    subcode: 33,
    message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
