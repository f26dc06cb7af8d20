import type { GraphClient } from "../graph";

/** Permissions Parley asks for in the Facebook Login dialog (Messenger and Instagram through the Page). */
export const META_SCOPES = [
  "pages_show_list",
  "pages_messaging",
  "pages_manage_metadata",
  "pages_read_engagement",
  // Comments: read and answer/hide/delete comments on the Page's posts and the Instagram account's media.
  "pages_manage_engagement",
  "pages_read_user_content",
  "instagram_basic",
  "instagram_manage_messages",
  "instagram_manage_comments",
  "business_management",
];

/**
 * What the person actually granted. In Facebook Login they can untick permissions in the dialog, and a
 * permission they declined once is not asked again unless the dialog is opened with `auth_type=rerequest`.
 * `GET /me/permissions` answers `{data: [{permission, status: "granted" | "declined" | "expired"}]}`.
 */
export async function grantedPermissions(graph: GraphClient, userToken: string): Promise<Set<string>> {
  const res = await graph.get<{ data?: { permission?: string; status?: string }[] }>(
    "/me/permissions",
    { limit: 100 },
    userToken,
  );
  return new Set((res.data ?? []).filter((p) => p.status === "granted" && p.permission).map((p) => p.permission!));
}

/** The permissions Parley asks for that the person did not grant (declined, expired or never shown). */
export async function missingPermissions(graph: GraphClient, userToken: string): Promise<string[]> {
  const granted = await grantedPermissions(graph, userToken);
  return META_SCOPES.filter((p) => !granted.has(p));
}

/**
 * Page webhook fields Parley needs. Instagram messaging through the Page rides on the same subscription (the
 * Page must be subscribed; Instagram's own fields are ticked in the app dashboard, see README).
 */
export const PAGE_FIELDS = [
  "messages",
  "messaging_postbacks",
  "message_deliveries",
  "message_reads",
  "message_echoes",
  "message_reactions",
  "messaging_referrals",
  // Customers' edits of their messages.
  "message_edits",
  // Threads another app controls (handover, Conversation Routing, the Page inbox): without it their
  // messages never reach Parley at all; they arrive under entry[].standby[].
  "standby",
  // Comments (and reactions/posts, which Parley ignores) on the Page's posts.
  "feed",
] as const;
export const PAGE_SUBSCRIBED_FIELDS = PAGE_FIELDS.join(",");

export type AppCredentials = { appId: string; appSecret: string };

export type ConnectablePage = {
  id: string;
  name: string;
  accessToken: string;
  instagram: { id: string; username: string; name: string | null; pictureUrl: string | null } | null;
};

const expiry = (expiresIn?: number) => (expiresIn ? new Date(Date.now() + expiresIn * 1000) : null);

/** Trades a short-lived user token for a long-lived one (about 60 days); page tokens derived from it do not expire. */
export async function exchangeLongLivedToken(
  graph: GraphClient,
  app: AppCredentials,
  shortToken: string,
): Promise<{ accessToken: string; expiresAt: Date | null }> {
  const res = await graph.get<{ access_token: string; expires_in?: number }>("/oauth/access_token", {
    grant_type: "fb_exchange_token",
    client_id: app.appId,
    client_secret: app.appSecret,
    fb_exchange_token: shortToken,
  });
  return { accessToken: res.access_token, expiresAt: expiry(res.expires_in) };
}

type AccountsPage = {
  data?: {
    id: string;
    name: string;
    access_token: string;
    instagram_business_account?: { id: string; username?: string; name?: string; profile_picture_url?: string };
  }[];
  paging?: { next?: string; cursors?: { after?: string } };
};

/** Every Page the user manages, with its page token and linked Instagram business account. */
export async function listPages(graph: GraphClient, userToken: string): Promise<ConnectablePage[]> {
  const pages: ConnectablePage[] = [];
  let after: string | undefined;
  do {
    const res = await graph.get<AccountsPage>(
      "/me/accounts",
      {
        fields: "id,name,access_token,instagram_business_account{id,username,name,profile_picture_url}",
        limit: 100,
        after,
      },
      userToken,
    );
    for (const p of res.data ?? []) {
      const ig = p.instagram_business_account;
      pages.push({
        id: p.id,
        name: p.name,
        accessToken: p.access_token,
        instagram: ig
          ? {
              id: ig.id,
              username: ig.username ?? ig.id,
              name: ig.name ?? null,
              pictureUrl: ig.profile_picture_url ?? null,
            }
          : null,
      });
    }
    after = res.paging?.next ? res.paging.cursors?.after : undefined;
  } while (after);
  return pages;
}

/** Subscribes the app to the Page's messaging webhooks (needed for Messenger and for Instagram via the Page). */
export async function subscribePage(graph: GraphClient, pageId: string, pageToken: string): Promise<void> {
  await graph.post(`/${pageId}/subscribed_apps`, undefined, pageToken, { subscribed_fields: PAGE_SUBSCRIBED_FIELDS });
}

type SubscribedApps = { data?: { id?: string | number; subscribed_fields?: string[] }[] };

/**
 * The Page fields our app is subscribed to (`GET /{PAGE_ID}/subscribed_apps`), or null when Meta no longer
 * lists the app at all (it drops an app after an hour of failed deliveries).
 */
export async function pageSubscription(
  graph: GraphClient,
  pageId: string,
  pageToken: string,
  appId: string,
): Promise<string[] | null> {
  const res = await graph.get<SubscribedApps>(`/${pageId}/subscribed_apps`, {}, pageToken);
  const ours = (res.data ?? []).find((a) => String(a.id) === appId);
  return ours ? (ours.subscribed_fields ?? []) : null;
}

/** Fields Parley needs that a subscription lacks. */
export const missingPageFields = (subscribed: readonly string[]) => PAGE_FIELDS.filter((f) => !subscribed.includes(f));

export async function unsubscribePage(graph: GraphClient, pageId: string, pageToken: string): Promise<void> {
  await graph.delete(`/${pageId}/subscribed_apps`, pageToken);
}

/** What Meta knows about a token: validity and expiry (0 = never), asked with the app token. */
export async function inspectToken(
  graph: GraphClient,
  app: AppCredentials,
  token: string,
): Promise<{ valid: boolean; expiresAt: Date | null; type?: string }> {
  const res = await graph.get<{ data?: { is_valid?: boolean; expires_at?: number; type?: string } }>("/debug_token", {
    input_token: token,
    access_token: `${app.appId}|${app.appSecret}`,
  });
  const d = res.data ?? {};
  return { valid: d.is_valid === true, expiresAt: d.expires_at ? new Date(d.expires_at * 1000) : null, type: d.type };
}
