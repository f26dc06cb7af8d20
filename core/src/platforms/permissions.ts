import type { Platform } from "../db";
import type { GraphClient } from "./graph";
import type { AppCredentials } from "./messenger/connect";

/** The permission each platform's sending needs; losing it is what makes an account need reconnecting. */
const SEND_PERMISSION: Record<Platform, string> = {
  MESSENGER: "pages_messaging",
  INSTAGRAM: "instagram_manage_messages",
  WHATSAPP: "whatsapp_business_messaging",
};

/**
 * Asks Meta (debug_token, with the app token) whether a token can still send: a dead token or a missing
 * send permission names what is gone; null when both are fine. Meta answers 10 and 200-range codes for
 * many things that are not the token (a person, a policy), so only this answer may disable an account.
 */
export async function sendPermissionGone(
  graph: GraphClient,
  app: AppCredentials,
  token: string,
  platform: Platform,
): Promise<string | null> {
  const res = await graph.get<{ data?: { is_valid?: boolean; scopes?: string[] } }>("/debug_token", {
    input_token: token,
    access_token: `${app.appId}|${app.appSecret}`,
  });
  if (res.data?.is_valid !== true) return "token";
  const needed = SEND_PERMISSION[platform];
  return res.data.scopes?.includes(needed) ? null : needed;
}
