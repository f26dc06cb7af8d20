import type { Role } from "@parley/core/db";
import { forbidden, unauthorized } from "@parley/core/errors";
import type { RequestHandler } from "express";
import jwt from "jsonwebtoken";

export type AuthContext = { userId: string; workspaceId: string; role: Role };

declare global {
  namespace Express {
    interface Request {
      auth?: AuthContext;
    }
  }
}

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

export function requireAuth(secret: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    const ctx = token ? verifyAccessToken(token, secret) : null;
    if (!ctx) return next(unauthorized(token ? "Access token is invalid or expired" : "Authentication required"));
    req.auth = ctx;
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth || !roles.includes(req.auth.role)) return next(forbidden(`Requires role ${roles.join(" or ")}`));
    next();
  };
}

/** The authenticated caller; routes behind requireAuth may rely on it. */
export const authOf = (req: Express.Request): AuthContext => {
  if (!req.auth) throw unauthorized();
  return req.auth;
};
