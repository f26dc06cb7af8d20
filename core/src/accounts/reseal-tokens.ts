import { type Config, config } from "../config";
import { decryptLegacyToken, encryptToken } from "../crypto";
import type { Db } from "../db";
import { logger } from "../logger";
import { accountTokenAad } from "./tokens";

/**
 * One-off data migration, run at every API start (idempotent, safe on concurrent replicas): account tokens
 * stored before ciphertexts were bound to their account ("v1:…", no AAD) are re-encrypted in the bound form.
 * Prisma migrations here are SQL-only, and SQL cannot decrypt. A row is only rewritten if it still holds the
 * value read, so a token renewed meanwhile is left alone; `updatedAt` stays as it was (nothing the user
 * changed). Returns how many rows it rewrote.
 */
export async function resealLegacyTokens(db: Db, keys: Config["tokenKeys"] = config().tokenKeys): Promise<number> {
  const legacy = await db.platformAccount.findMany({
    where: { accessTokenEnc: { startsWith: "v1:" } },
    select: { id: true, platform: true, externalId: true, accessTokenEnc: true },
  });
  let rewritten = 0;
  for (const account of legacy) {
    let plain: string;
    try {
      plain = decryptLegacyToken(account.accessTokenEnc, keys);
    } catch (err) {
      // Left as is: the account will be flagged for reconnecting the first time its token is needed.
      logger.error({ err, accountId: account.id }, "stored token could not be decrypted for re-encryption");
      continue;
    }
    rewritten += await db.$executeRaw`
      UPDATE "PlatformAccount" SET "accessTokenEnc" = ${encryptToken(plain, accountTokenAad(account), keys)}
      WHERE id = ${account.id}::uuid AND "accessTokenEnc" = ${account.accessTokenEnc}`;
  }
  if (rewritten) logger.info({ rewritten }, "re-encrypted stored account tokens bound to their account");
  return rewritten;
}
