import { type AuthContext, verifyAccessToken } from "@parley/core/auth/access-token";
import type { Role } from "@parley/core/db";
import { forbidden, unauthorized } from "@parley/core/errors";
import type { RequestHandler } from "express";

declare global {
  namespace Express {
    interface Request {
      auth?: AuthContext;
    }
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
