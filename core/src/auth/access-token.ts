import jwt from "jsonwebtoken";
import type { Role } from "../db";

/**
 * Who is calling, as the access token says: the user, the workspace they signed in to, their role there, and
 * the membership (id and version) it was signed for, which every request checks is still current
 * (core/src/auth/membership-state.ts). Tokens signed by hand in tests and benchmarks may leave those out.
 */
export type AuthContext = { userId: string; workspaceId: string; role: Role; membershipId?: string; version?: number };

export const ACCESS_TOKEN_TTL_SEC = 15 * 60;

export function signAccessToken(ctx: AuthContext, secret: string): string {
  return jwt.sign({ wid: ctx.workspaceId, role: ctx.role, mid: ctx.membershipId, mv: ctx.version }, secret, {
    algorithm: "HS256",
    subject: ctx.userId,
    expiresIn: ACCESS_TOKEN_TTL_SEC,
  });
}

/** Only HS256 with our secret is accepted: `alg: none` and algorithm confusion are refused. */
export function verifyAccessToken(token: string, secret: string): AuthContext | null {
  try {
    const p = jwt.verify(token, secret, { algorithms: ["HS256"] }) as jwt.JwtPayload;
    if (typeof p.sub !== "string" || typeof p.wid !== "string" || typeof p.role !== "string") return null;
    return {
      userId: p.sub,
      workspaceId: p.wid,
      role: p.role as Role,
      ...(typeof p.mid === "string" ? { membershipId: p.mid } : {}),
      ...(typeof p.mv === "number" ? { version: p.mv } : {}),
    };
  } catch {
    return null;
  }
}
