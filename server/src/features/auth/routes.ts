import { changePassword } from "@parley/core/auth/change-password";
import { login } from "@parley/core/auth/login";
import { me } from "@parley/core/auth/me";
import { warmPasswordHashing } from "@parley/core/auth/password";
import { refresh } from "@parley/core/auth/refresh";
import { register } from "@parley/core/auth/register";
import { assertRegistrationOpen } from "@parley/core/auth/registration";
import { revokeByToken } from "@parley/core/auth/sessions";
import type { SignedIn } from "@parley/core/auth/sign-in";
import { switchWorkspace } from "@parley/core/auth/switch-workspace";
import { AppError, notFound } from "@parley/core/errors";
import { revokeSessionSockets } from "@parley/core/realtime/revoke";
import { type Response, Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { isUuid } from "../../http/ids";
import { clientIp } from "../../http/rate-limit";
import { parse } from "../../http/validate";
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from "./cookie";
import { createAuthLimits } from "./limits";
import { changePasswordBody, loginBody, registerBody, switchWorkspaceBody } from "./schemas";

/** /api/auth: register, login, refresh, logout, me, switch-workspace, password. */
export function authRoutes(deps: Deps): Router {
  const r = Router();
  const limits = createAuthLimits(deps.redis, deps.config.REDIS_PREFIX);
  warmPasswordHashing().catch(() => {}); // best effort: login computes it on first use otherwise

  // The refresh token only ever travels in its cookie, never in a body a script could read.
  const answer = (res: Response, signedIn: SignedIn, status = 200) => {
    const { refresh, ...body } = signedIn;
    setRefreshCookie(res, deps.config, refresh);
    res.status(status).json(body);
  };

  r.post("/register", async (req, res) => {
    const input = parse(registerBody, req.body);
    await assertRegistrationOpen(deps);
    await limits.beforeRegister(clientIp(req), input.email);
    answer(res, await register(deps, input), 201);
  });

  r.post("/login", async (req, res) => {
    const input = parse(loginBody, req.body);
    // Spent before argon2 runs, so parallel guesses cannot all pass the check before the first failure counts.
    const attempt = await limits.attemptLogin(clientIp(req), input.email);
    const signedIn = await login(deps, input);
    await attempt.succeeded();
    answer(res, signedIn);
  });

  r.post("/refresh", async (req, res) => {
    try {
      answer(res, await refresh(deps, refreshCookieOf(req)));
    } catch (e) {
      // A dead session's cookie is useless; but a database hiccup (500) must not sign the user out.
      if (e instanceof AppError && e.status === 401) clearRefreshCookie(res, deps.config);
      throw e;
    }
  });

  r.post("/logout", async (req, res) => {
    await revokeByToken(deps.db, refreshCookieOf(req));
    await revokeSessionSockets(deps, refreshCookieOf(req));
    clearRefreshCookie(res, deps.config);
    res.status(204).end();
  });

  r.get("/me", requireAuth(deps.config.JWT_SECRET), async (req, res) => {
    res.json(await me(deps, authOf(req)));
  });

  r.post("/switch-workspace", requireAuth(deps.config.JWT_SECRET), async (req, res) => {
    const { workspaceId } = parse(switchWorkspaceBody, req.body);
    // Not an id: names no workspace, so 404 exactly as for one the caller does not belong to.
    if (!isUuid(workspaceId)) throw notFound("Workspace");
    answer(res, await switchWorkspace(deps, authOf(req), workspaceId, refreshCookieOf(req)));
  });

  r.post("/password", requireAuth(deps.config.JWT_SECRET), async (req, res) => {
    const input = parse(changePasswordBody, req.body);
    const auth = authOf(req);
    // Guessing the current password with a stolen access token is limited like guessing at login.
    const attempt = await limits.attemptLogin(clientIp(req), `user:${auth.userId}`);
    const signedIn = await changePassword(deps, auth, input, refreshCookieOf(req));
    await attempt.succeeded();
    answer(res, signedIn);
  });

  return r;
}
