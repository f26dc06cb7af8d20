import type { Config } from "../config";
import type { PlatformAccount } from "../db";
import { type GraphClient, GraphError } from "../platforms/graph";
import { sendPermissionGone } from "../platforms/permissions";
import { accountToken } from "./tokens";

export type ReauthDeps = { graph: GraphClient; config?: Pick<Config, "META_APP_ID" | "META_APP_SECRET"> };

/**
 * Whether an error means the whole account needs reconnecting: a dead token (190) always; a permission-looking
 * error only when Meta confirms the permission is gone. Anything else concerns one message or one run, and
 * flagging the account for it would stop every reply to everyone.
 */
export async function confirmsReauth(
  deps: ReauthDeps,
  account: Pick<PlatformAccount, "platform" | "externalId" | "accessTokenEnc">,
  e: unknown,
): Promise<boolean> {
  if (!(e instanceof GraphError)) return false;
  if (e.kind === "auth") return true;
  if (e.kind !== "permission" || !deps.config) return false;
  const app = { appId: deps.config.META_APP_ID, appSecret: deps.config.META_APP_SECRET };
  try {
    return (await sendPermissionGone(deps.graph, app, accountToken(account), account.platform)) !== null;
  } catch {
    // Meta could not say: keep the account working; the one message fails with Meta's words.
    return false;
  }
}
