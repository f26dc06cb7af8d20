import jwt from "jsonwebtoken";
import type { Role } from "../db";

/** Who is calling, as the access token says: the user, the workspace they signed in to, their role there. */
export type AuthContext = { userId: string; workspaceId: string; role: Role };

export const ACCESS_TOKEN_TTL_SEC = 15 * 60;

export function signAccessToken(ctx: AuthContext, secret: string): string {
  return jwt.sign({ wid: ctx.workspaceId, role: ctx.role }, secret, {
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
    return { userId: p.sub, workspaceId: p.wid, role: p.role as Role };
  } catch {
    return null;
  }
}
