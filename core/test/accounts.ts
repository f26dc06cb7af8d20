import { randomUUID } from "node:crypto";
import { sealToken } from "../src/accounts/tokens";
import type { Db, Platform } from "../src/db";

/**
 * A connected account of the workspace, written straight to the database: a fresh external id (so tests never
 * see each other's rows) and a token sealed to it, as connect stores one. For tests that feed the inbox
 * webhook payloads or rows directly and never call Meta.
 */
export function seedConnectedAccount(db: Db, workspaceId: string, platform: Platform) {
  const externalId = `acct-${randomUUID()}`;
  return db.platformAccount.create({
    data: {
      workspaceId,
      platform,
      externalId,
      name: "Bloom",
      accessTokenEnc: sealToken("x", { platform, externalId }),
    },
  });
}
