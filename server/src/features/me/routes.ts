import { updateProfile } from "@parley/core/users/profile";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { parse } from "../../http/validate";
import { profileBody } from "./schemas";

/** /api/me: the caller's own profile, their name and picture (mounted at /api). */
export function meRoutes(deps: Deps): Router {
  const r = Router();
  r.patch("/me", requireAuth(deps.config.JWT_SECRET), async (req, res) => {
    res.json(await updateProfile(deps, authOf(req), parse(profileBody, req.body ?? {})));
  });
  return r;
}
