import { createHmac, timingSafeEqual } from "node:crypto";

/** How long Meta may take to fetch a file Parley sent by link. Long enough for its retries, short enough to leak little. */
export const UPLOAD_LINK_TTL_MS = 60 * 60_000;

type Secret = { JWT_SECRET: string };

const signature = (config: Secret, uploadId: string, expires: number) =>
  createHmac("sha256", config.JWT_SECRET).update(`upload-link:${uploadId}:${expires}`).digest("base64url");

/**
 * A public, expiring address of one upload that Meta can fetch to deliver it (Messenger and Instagram send files
 * by URL). It names nothing else and works for nothing else: the signature covers the id and the expiry.
 */
export function signedUploadUrl(config: Secret & { PUBLIC_URL: string }, uploadId: string, now = Date.now()): string {
  const expires = Math.floor((now + UPLOAD_LINK_TTL_MS) / 1000);
  const base = config.PUBLIC_URL.replace(/\/$/, "");
  return `${base}/api/uploads/${uploadId}/content?expires=${expires}&signature=${signature(config, uploadId, expires)}`;
}

/** True when the link is one Parley signed for this upload and has not expired. */
export function verifyUploadLink(config: Secret, uploadId: string, expires: unknown, sig: unknown): boolean {
  const exp = Number(expires);
  if (!Number.isInteger(exp) || typeof sig !== "string" || exp * 1000 < Date.now()) return false;
  const want = Buffer.from(signature(config, uploadId, exp));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
