import { randomUUID } from "node:crypto";
import type { Response } from "supertest";
import { REFRESH_COOKIE } from "../src/features/auth/cookie";

/** The raw Set-Cookie line for the refresh token, if the response set one. */
export function refreshSetCookie(res: Response): string | undefined {
  const raw = res.headers["set-cookie"] as unknown as string[] | string | undefined;
  const lines = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return lines.find((l) => l.startsWith(`${REFRESH_COOKIE}=`));
}

/** A Cookie header carrying the refresh token set by `res` (what a browser would send back). */
export function refreshCookie(res: Response): string {
  const line = refreshSetCookie(res);
  if (!line) throw new Error(`no ${REFRESH_COOKIE} cookie in response ${res.status}`);
  return line.split(";")[0];
}

export const newAccount = (over: Record<string, unknown> = {}) => ({
  email: `auth-${randomUUID().slice(0, 8)}@example.test`,
  password: "correct horse battery",
  name: "Ada Lovelace",
  ...over,
});
