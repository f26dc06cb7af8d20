import { decryptToken, encryptToken } from "../crypto";
import type { PlatformAccount } from "../db";

/**
 * Platform tokens live only encrypted at rest (AES-256-GCM with a key id, see crypto.ts) and are
 * decrypted at the moment of a Graph call. Nothing that leaves the process (DTOs, logs, events) carries one.
 */
export const sealToken = (plain: string) => encryptToken(plain);
export const accountToken = (account: Pick<PlatformAccount, "accessTokenEnc">) => decryptToken(account.accessTokenEnc);
