import { AppError } from "@parley/core/errors";
import { revokeSessionSockets } from "@parley/core/realtime/revoke";
import { type Response, Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { clientIp } from "../../http/rate-limit";
import { parse } from "../../http/validate";
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from "./cookie";
import { createAuthLimits } from "./limits";
import { warmPasswordHashing } from "./password";
import { loginBody, registerBody, switchWorkspaceBody } from "./schemas";
import * as auth from "./service";
import { revokeByToken } from "./sessions";

/** /api/auth: register, login, refresh, logout, me, switch-workspace. */
export function authRoutes(deps: Deps): Router {
  const r = Router();
  const limits = createAuthLimits(deps.redis, deps.config.REDIS_PREFIX);
  warmPasswordHashing().catch(() => {}); // best effort: login computes it on first use otherwise

  // The refresh token only ever travels in its cookie, never in a body a script could read.
  const answer = (res: Response, signedIn: auth.SignedIn, status = 200) => {
    const { refresh, ...body } = signedIn;
    setRefreshCookie(res, deps.config, refresh);
    res.status(status).json(body);
  };

  r.post("/register", async (req, res) => {
    const input = parse(registerBody, req.body);
    await limits.beforeRegister(clientIp(req), input.email);
    answer(res, await auth.register(deps, input), 201);
  });

  r.post("/login", async (req, res) => {
    const input = parse(loginBody, req.body);
    const ip = clientIp(req);
    await limits.beforeLogin(ip, input.email);
    let signedIn: auth.SignedIn;
    try {
      signedIn = await auth.login(deps, input);
    } catch (e) {
      if (e instanceof AppError && e.code === "invalid_credentials") await limits.loginFailed(ip, input.email);
      throw e;
    }
    await limits.loginSucceeded(input.email);
    answer(res, signedIn);
  });

  r.post("/refresh", async (req, res) => {
    try {
      answer(res, await auth.refresh(deps, refreshCookieOf(req)));
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
    res.json(await auth.me(deps, authOf(req)));
  });

  r.post("/switch-workspace", requireAuth(deps.config.JWT_SECRET), async (req, res) => {
    const { workspaceId } = parse(switchWorkspaceBody, req.body);
    answer(res, await auth.switchWorkspace(deps, authOf(req), workspaceId, refreshCookieOf(req)));
  });

  return r;
}
