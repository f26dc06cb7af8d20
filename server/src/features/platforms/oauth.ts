import { randomToken } from "@parley/core/crypto";
import { META_SCOPES } from "@parley/core/platforms/messenger/connect";
import { redisKey } from "@parley/core/redis";
import type { Request } from "express";
import passport from "passport";
import { Strategy as FacebookStrategy, type StrategyOptions, type VerifyFunction } from "passport-facebook";
import type { Deps } from "../../deps";

/** Who started the connect; `rerequest` asks Facebook again for permissions the person declined before. */
export type ConnectCtx = { userId: string; workspaceId: string; rerequest?: boolean };
export type OAuthUser = { accessToken: string; facebookUserId: string };

const STATE_TTL_SEC = 10 * 60;

declare global {
  namespace Express {
    interface Request {
      connectCtx?: ConnectCtx;
    }
  }
}

/**
 * OAuth `state` kept in Redis, bound to the user and workspace that started the connect (via a one-time
 * ticket). The callback consumes it: a mismatched, expired or replayed state is refused before any code is
 * exchanged, and the connect session it leads to belongs to that user only.
 */
function redisStateStore(deps: Deps) {
  const key = (state: string) => redisKey("meta-oauth-state", state);
  return {
    store(req: Request, _meta: unknown, cb: (err: Error | null, state?: string) => void) {
      const ctx = req.connectCtx;
      if (!ctx) return cb(new Error("connect was not started by a signed-in user"));
      const state = randomToken(24);
      deps.redis
        .set(key(state), JSON.stringify(ctx), "EX", STATE_TTL_SEC)
        .then(() => cb(null, state))
        .catch((e: Error) => cb(e));
    },
    verify(req: Request, state: string, cb: (err: Error | null, ok: boolean, info?: { message: string }) => void) {
      if (!state) return cb(null, false, { message: "The answer from Facebook had no state; start again" });
      deps.redis
        .getdel(key(state))
        .then((raw) => {
          if (!raw)
            return cb(null, false, { message: "This connect link has expired or was already used; start again" });
          req.connectCtx = JSON.parse(raw) as ConnectCtx;
          cb(null, true);
        })
        .catch((e: Error) => cb(e, false));
    },
  };
}

/**
 * Facebook Login for Business: the dialog names a configuration (`config_id`, made in the app dashboard: token
 * type, assets, permissions) instead of `scope`. `response_type=code` with `override_default_response_type`
 * is how Meta's own examples ask such a configuration for a code (a system-user configuration would otherwise
 * answer with its own default response type); the redirect flow then exchanges the code as usual.
 */
class FacebookLoginStrategy extends FacebookStrategy {
  constructor(
    options: StrategyOptions,
    verify: VerifyFunction,
    private readonly configId: string | undefined,
  ) {
    super(options, verify);
  }
  authorizationParams(options: object): object {
    const params = super.authorizationParams(options) as Record<string, string>;
    if (this.configId) {
      params.config_id = this.configId;
      params.override_default_response_type = "true";
    }
    return params;
  }
}

/** A passport instance with the Facebook strategy pointed at META_OAUTH_URL / META_GRAPH_URL (Meta or the simulator). */
export function metaPassport(deps: Deps) {
  const c = deps.config;
  const instance = new passport.Passport();
  instance.use(
    "facebook",
    new FacebookLoginStrategy(
      {
        clientID: c.META_APP_ID,
        clientSecret: c.META_APP_SECRET,
        callbackURL: `${c.PUBLIC_URL}/api/platforms/meta/callback`,
        authorizationURL: `${c.META_OAUTH_URL}/dialog/oauth`,
        tokenURL: `${c.META_GRAPH_URL}/oauth/access_token`,
        profileURL: `${c.META_GRAPH_URL}/me`,
        enableProof: true,
        // With a Login for Business configuration, the configuration decides the permissions.
        scope: c.META_LOGIN_CONFIG_ID ? undefined : META_SCOPES,
        store: redisStateStore(deps) as never,
      },
      (accessToken: string, _refresh: string, profile: { id: string }, done: (err: null, user: OAuthUser) => void) =>
        done(null, { accessToken, facebookUserId: profile.id }),
      c.META_LOGIN_CONFIG_ID,
    ),
  );
  return instance;
}
