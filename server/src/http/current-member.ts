import { verifyAccessToken } from "@parley/core/auth/access-token";
import { assertCurrentMember, type MembershipDeps } from "@parley/core/auth/membership-state";
import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every request with a valid access token: is it still a member's, at the version and role it was signed
 * for? A removed or demoted member's next request gets 401 instead of working for the rest of the token's
 * 15 minutes. Changes (any non-GET) and the admin area read the membership from the database; reads may use
 * the few seconds' cache. Requests without a valid token pass untouched: requireAuth refuses them where needed.
 */
export function requireCurrentMember(deps: MembershipDeps & { config: { JWT_SECRET: string } }): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    const auth = header?.startsWith("Bearer ") ? verifyAccessToken(header.slice(7), deps.config.JWT_SECRET) : null;
    if (!auth) return next();
    try {
      const fresh = !SAFE_METHODS.has(req.method) || req.path.startsWith("/admin/");
      await assertCurrentMember(deps, auth, { fresh });
      next();
    } catch (e) {
      next(e);
    }
  };
}
