import { decryptToken, encryptToken } from "../crypto";
import type { PlatformAccount } from "../db";

type Owner = Pick<PlatformAccount, "platform" | "externalId">;

/** What a stored account token is bound to (its AAD): its purpose and its account, which (platform,
 * externalId) names before the row exists. A token copied onto another account's row does not decrypt. */
export const accountTokenAad = (account: Owner) => `platform-account-token:${account.platform}:${account.externalId}`;

/**
 * Platform tokens live only encrypted at rest (AES-256-GCM with a key id, see crypto.ts) and are
 * decrypted at the moment of a Graph call. Nothing that leaves the process (DTOs, logs, events) carries one.
 */
export const sealToken = (plain: string, account: Owner) => encryptToken(plain, accountTokenAad(account));
export const accountToken = (account: Pick<PlatformAccount, "accessTokenEnc"> & Owner) =>
  decryptToken(account.accessTokenEnc, accountTokenAad(account));
