import type { Redis } from "ioredis";
import type { Config } from "../config";
import type { GraphClient } from "../platforms/graph";
import { exchangeLongLivedToken, listPages } from "../platforms/messenger/connect";
import { saveConnectSession } from "./connect-session";

/**
 * After the Facebook dialog: trades the user's short-lived token for a long-lived one, reads the Pages it
 * manages, and keeps them in a connect session for the user to choose from. Answers the session id.
 */
export async function openConnectSession(
  deps: { graph: GraphClient; redis: Redis; config: Pick<Config, "META_APP_ID" | "META_APP_SECRET"> },
  ctx: { userId: string; workspaceId: string },
  userAccessToken: string,
): Promise<string> {
  const app = { appId: deps.config.META_APP_ID, appSecret: deps.config.META_APP_SECRET };
  const long = await exchangeLongLivedToken(deps.graph, app, userAccessToken);
  const pages = await listPages(deps.graph, long.accessToken);
  return saveConnectSession(deps.redis, { ...ctx, pages });
}
