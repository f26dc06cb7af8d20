import { isAscii } from "node:buffer";
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "./config";

type Key = { id: string; key: Buffer };

// Pinned: without it, GCM accepts a tag cut to 4 bytes, which an attacker can forge by trial.
const GCM = { authTagLength: 16 } as const;

/**
 * AES-256-GCM token encryption. Stored form: "v2:<keyId>:<iv>:<tag>:<ciphertext>" (base64url), so a key
 * can be rotated: new values use the first key, old values still decrypt with the key they name. `aad` says
 * what the value is and whose (see accounts/tokens.ts): a ciphertext copied onto another account, or used
 * for another purpose, does not decrypt.
 */
export function encryptToken(plain: string, aad: string, keys: Key[] = config().tokenKeys): string {
  const { id, key } = keys[0];
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, GCM);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const enc = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [
    "v2",
    id,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    enc.toString("base64url"),
  ].join(":");
}

export function decryptToken(stored: string, aad: string, keys: Key[] = config().tokenKeys): string {
  return open(stored, "v2", keys, aad);
}

/**
 * A value stored before ciphertexts were bound to their use ("v1", no AAD). Only the one-off re-encryption
 * (accounts/reseal-tokens.ts) reads these; everything else refuses them.
 */
export function decryptLegacyToken(stored: string, keys: Key[] = config().tokenKeys): string {
  return open(stored, "v1", keys);
}

function open(stored: string, expected: "v1" | "v2", keys: Key[], aad?: string): string {
  const [version, id, iv, tag, data] = stored.split(":");
  if (version !== expected) throw new Error(`Unexpected token encryption version ${version}`);
  const key = keys.find((k) => k.id === id);
  if (!key) throw new Error(`No token encryption key with id ${id}`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"), GCM);
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * Meta signs the payload as it sends it, with non-ASCII escaped as \uXXXX. Hash the raw bytes first;
 * if the body arrived as literal UTF-8 (a proxy re-encoded it), hash it re-escaped as well.
 */
export function verifyMetaSignature(raw: Buffer, header: string | undefined, secrets: string[]): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const given = Buffer.from(header.slice(7), "hex");
  if (given.length !== 32) return false;
  const bodies: Buffer[] = [raw];
  if (!isAscii(raw)) bodies.push(Buffer.from(escapeNonAscii(raw.toString("utf8")), "utf8"));
  let ok = false;
  for (const secret of secrets) {
    for (const body of bodies) {
      const expected = createHmac("sha256", secret).update(body).digest();
      // No early exit: every candidate is compared so timing says nothing about which matched.
      ok = timingSafeEqual(expected, given) || ok;
    }
  }
  return ok;
}

export function escapeNonAscii(s: string): string {
  return s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function signMetaPayload(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** appsecret_proof for Graph calls: HMAC-SHA256 of the access token keyed by the app secret. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(accessToken).digest("hex");
}

/** Equality of two secrets that takes as long whatever they hold (lengths included: both are hashed first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");
