import { createHmac } from "node:crypto";

/** Meta's wire form: JSON with every non-ASCII UTF-16 unit escaped as lowercase \uXXXX. */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/[^\0-~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** X-Hub-Signature-256 value over the exact bytes sent. */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export function appSecretProof(token: string, secret: string): string {
  return createHmac("sha256", secret).update(token).digest("hex");
}
