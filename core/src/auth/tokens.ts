import { randomBytes } from "node:crypto";
import { hashToken } from "./sessions";

/** A link token (256 random bits) and the SHA-256 that is all the database keeps of it. */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export { hashToken };
