import { connectChoices, connectMeta } from "@parley/core/accounts/connect-meta";
import { openConnectSession, PermissionsMissing } from "@parley/core/accounts/connect-meta-pages";
import { loadConnectSession } from "@parley/core/accounts/connect-session";
import { connectWhatsApp } from "@parley/core/accounts/connect-whatsapp";
import { disconnectAccount } from "@parley/core/accounts/disconnect";
import { listAccounts, workspaceAccount } from "@parley/core/accounts/list";
import { syncNow } from "@parley/core/accounts/sync-now";
import { accountTemplates } from "@parley/core/accounts/templates";
import { randomToken } from "@parley/core/crypto";
import { redisKey } from "@parley/core/redis";
import { type NextFunction, type Request, type Response, Router } from "express";
import type passport from "passport";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { type ConnectCtx, metaPassport, type OAuthUser } from "./oauth";
import { metaConnectBody, metaConnectStartBody, whatsappConnectBody } from "./schemas";

const TICKET_TTL_SEC = 120;

/** Connected channels: Meta OAuth (Pages + Instagram), WhatsApp by token, status, sync now, disconnect. */
export function platformRoutes(deps: Deps): Router {
  const r = Router();
  const oauth = metaPassport(deps);
  const auth = requireAuth(deps.config.JWT_SECRET);
  const manage = requireRole("OWNER", "ADMIN");
  const ticketKey = (t: string) => redisKey("meta-connect-ticket", t);
  const back = (res: Response, query: string) => res.redirect(302, `/settings/channels?${query}`);
  const fail = (res: Response, message: string) => back(res, `connect_error=${encodeURIComponent(message)}`);
  const ownAccount = (req: Request) =>
    workspaceAccount(deps.db, authOf(req).workspaceId, idParam(req, "id", "Account"));

  // The browser cannot send a bearer token on a navigation, so the signed-in dashboard first asks for a
  // one-time ticket, then navigates to /meta/connect?ticket=…, which binds the OAuth state to that user.
  // `{rerequest: true}` re-asks Facebook for permissions the person declined (auth_type=rerequest): Facebook
  // never shows a declined permission again otherwise.
  r.post("/meta/connect/start", auth, manage, async (req, res) => {
    const { rerequest } = parse(metaConnectStartBody, req.body ?? {});
    const ctx: ConnectCtx = { userId: authOf(req).userId, workspaceId: authOf(req).workspaceId, rerequest };
    const ticket = randomToken(24);
    await deps.redis.set(ticketKey(ticket), JSON.stringify(ctx), "EX", TICKET_TTL_SEC);
    res.json({ url: `${deps.config.PUBLIC_URL}/api/platforms/meta/connect?ticket=${ticket}` });
  });

  r.get("/meta/connect", async (req: Request, res: Response, next: NextFunction) => {
    const ticket = typeof req.query.ticket === "string" ? req.query.ticket : "";
    const raw = ticket ? await deps.redis.getdel(ticketKey(ticket)) : null;
    if (!raw) return fail(res, "This connect link has expired or was already used; start again from Settings");
    req.connectCtx = JSON.parse(raw) as ConnectCtx;
    // passport-facebook turns `authType` into the dialog's auth_type (its options type does not list it).
    const options = { session: false, ...(req.connectCtx.rerequest ? { authType: "rerequest" } : {}) };
    oauth.authenticate("facebook", options as passport.AuthenticateOptions)(req, res, next);
  });

  r.get("/meta/callback", (req: Request, res: Response, next: NextFunction) => {
    if (typeof req.query.error === "string") {
      const state = typeof req.query.state === "string" ? req.query.state : "";
      if (state) void deps.redis.del(redisKey("meta-oauth-state", state)).catch(() => {});
      const declined = req.query.error === "access_denied";
      return fail(
        res,
        declined
          ? "You declined the Facebook permissions, so nothing was connected"
          : `Facebook answered: ${String(req.query.error_description ?? req.query.error)}`,
      );
    }
    oauth.authenticate(
      "facebook",
      { session: false },
      async (err: Error | null, user: OAuthUser | false, info?: { message?: string }) => {
        try {
          if (err) return fail(res, `Facebook login failed: ${err.message}`);
          if (!user || !req.connectCtx) return fail(res, info?.message ?? "Facebook login was refused");
          const { userId, workspaceId } = req.connectCtx;
          const sessionId = await openConnectSession(deps, { userId, workspaceId }, user.accessToken);
          back(res, `connect=${sessionId}`);
        } catch (e) {
          // Named one by one on the Channels page, with a button that asks Facebook again.
          if (e instanceof PermissionsMissing)
            return back(res, `connect_declined=${encodeURIComponent(e.permissions.join(","))}`);
          req.log?.warn({ err: (e as Error).message }, "meta connect callback failed");
          fail(res, `Could not read your Pages from Facebook: ${(e as Error).message}`);
        }
      },
    )(req, res, next);
  });

  r.use(auth);

  r.get("/", async (req, res) => {
    res.json(await listAccounts(deps.db, authOf(req).workspaceId));
  });

  r.get("/meta/choices/:sessionId", manage, async (req, res) => {
    const id = idParam(req, "sessionId", "Connect session");
    const session = await loadConnectSession(deps.redis, id, authOf(req));
    res.json(await connectChoices(deps.db, session));
  });

  r.post("/meta/connect", manage, async (req, res) => {
    const body = parse(metaConnectBody, req.body);
    const session = await loadConnectSession(deps.redis, body.sessionId, authOf(req));
    res.json({ accounts: await connectMeta(deps, session, body) });
  });

  r.post("/whatsapp/connect", manage, async (req, res) => {
    const body = parse(whatsappConnectBody, req.body);
    res.json(await connectWhatsApp({ ...deps, logger: req.log }, authOf(req).workspaceId, body));
  });

  r.delete("/:id", manage, async (req, res) => {
    const account = await ownAccount(req);
    await disconnectAccount({ ...deps, logger: req.log }, account.workspaceId, account.id);
    res.status(204).end();
  });

  r.post("/:id/sync", manage, async (req, res) => {
    const account = await ownAccount(req);
    const run = await syncNow(deps, account);
    res.status(202).json({ runId: run.id });
  });

  r.get("/:id/templates", async (req, res) => {
    const account = await ownAccount(req);
    res.json(await accountTemplates({ ...deps, logger: req.log }, account));
  });

  return r;
}
