import type { Redis } from "ioredis";
import type { Config } from "../config";
import type { GraphClient } from "../platforms/graph";
import { exchangeLongLivedToken, listPages, missingPermissions } from "../platforms/messenger/connect";
import { saveConnectSession } from "./connect-session";

/** The person unticked permissions Parley needs: nothing is connected, and the dashboard offers to ask again. */
export class PermissionsMissing extends Error {
  constructor(readonly permissions: string[]) {
    super(`Facebook did not grant ${permissions.join(", ")}`);
  }
}

/**
 * After the Facebook dialog: checks that every permission Parley asked for was granted (GET /me/permissions),
 * trades the user's short-lived token for a long-lived one, reads the Pages it
 * manages, and keeps them in a connect session for the user to choose from. Answers the session id.
 */
export async function openConnectSession(
  deps: { graph: GraphClient; redis: Redis; config: Pick<Config, "META_APP_ID" | "META_APP_SECRET"> },
  ctx: { userId: string; workspaceId: string },
  userAccessToken: string,
): Promise<string> {
  const missing = await missingPermissions(deps.graph, userAccessToken);
  if (missing.length) throw new PermissionsMissing(missing);
  const app = { appId: deps.config.META_APP_ID, appSecret: deps.config.META_APP_SECRET };
  const long = await exchangeLongLivedToken(deps.graph, app, userAccessToken);
  const pages = await listPages(deps.graph, long.accessToken);
  return saveConnectSession(deps.redis, { ...ctx, pages });
}
