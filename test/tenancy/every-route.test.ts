import { randomUUID } from "node:crypto";
import { signAccessToken } from "@parley/core/auth/access-token";
import { QUEUE_NAMES } from "@parley/core/queues";
import { eventsChannel } from "@parley/core/realtime/transport";
import { createRedis, redisKey } from "@parley/core/redis";
import type { Simulator } from "@parley/simulator";
import { match } from "path-to-regexp";
import type { Response } from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, redisReady, startTestApp } from "../../server/test/harness";
import { startSimWithConfig } from "../../server/test/platforms";
import { appRoutes } from "./app-routes";
import { type SeededTenant, STAT_RANGE, seedTenant, type TenantIds } from "./seed-tenant";

/**
 * Issue 2, for the whole API at once: a member of workspace A, whatever id of workspace B they try on
 * whatever route, gets what a non-existent id gets (404, or 403 where the route refuses their role before
 * looking anything up), the answer mentions nothing of B, and B's rows, jobs and realtime channel are
 * untouched. Every route the app declares must have a row below (the guard at the end fails otherwise):
 * a new route is one line, either a probe or a `publicRoute` with the reason it holds no tenant data.
 *
 * 404 or 403: A's OWNER passes every role gate, so each lookup by B's id must answer 404, and a random id
 * must get the very same answer (the "ghost" call), so nothing tells B's ids from ids that name nothing.
 * A's AGENT is refused with 403 by the OWNER/ADMIN gate of the managing routes (platform connect, sync,
 * disconnect, members, webhook events, recompute) before any lookup: the 403 is the same for any id, so
 * it says nothing about B either. Routes that take no id (lists, analytics, me) answer 200 with only A's
 * data; those that could take a foreign id in the query or body refuse it (strict schemas: 400).
 *
 * The realtime socket (/ws) is not an Express route: its room comes from the token alone, and
 * server/src/realtime/realtime.test.ts proves another workspace never receives its events.
 */

type Ctx = { a: TenantIds; b: TenantIds; bob: { id: string; email: string; name: string } };
type Probe = {
  /** "METHOD /pattern" exactly as the app declares the route. */
  route: string;
  path: (x: Ctx) => string;
  body?: (x: Ctx) => object;
  /** Status for A's OWNER. */
  owner: number;
  /** Status for A's AGENT (defaults to the owner's): 403 where a role gate comes before any lookup. */
  agent?: number;
  /** The same request with random ids in place of B's must get the same answer (default: when 404). */
  ghost?: boolean;
  /** B's strings this answer may contain because the caller sent them. */
  allow?: (x: Ctx) => string[];
  check?: (res: Response, x: Ctx) => void;
  /** Undo what a successful probe did to A (never to B: B is compared before/after). */
  after?: (x: Ctx) => Promise<void>;
};
type PublicRoute = { route: string; public: string };
type Row = Probe | PublicRoute;

const probe = (route: string, path: Probe["path"], owner: number, more: Partial<Probe> = {}): Probe => ({
  route,
  path,
  owner,
  ...more,
});
const publicRoute = (route: string, why: string): PublicRoute => ({ route, public: why });
const isProbe = (r: Row): r is Probe => "path" in r;

// A's own rows in a listing: exactly these ids, so "nothing of B" is not just "nothing".
const onlyIds = (pick: (body: any) => string[], want: (x: Ctx) => string[]) => (res: Response, x: Ctx) =>
  expect(pick(res.body).sort()).toEqual(want(x).sort());
const noVictimNumbers = (res: Response) => {
  const numbers = res.type.includes("csv")
    ? res.text
        .split(/[,\r\n]/)
        .map((c) => c.replace(/^"|"$/g, ""))
        .filter((c) => /^\d+$/.test(c))
        .map(Number)
    : collectNumbers(res.body);
  expect(numbers.filter((n) => n > 0).length, "A's own statistics are in the answer").toBeGreaterThan(0);
  expect(
    numbers.filter((n) => n >= 100_000),
    "B's statistics (all ≥ 700 000) leaked into A's analytics",
  ).toEqual([]);
};
function collectNumbers(v: unknown): number[] {
  if (typeof v === "number") return [v];
  if (Array.isArray(v)) return v.flatMap(collectNumbers);
  if (v && typeof v === "object") return Object.values(v).flatMap(collectNumbers);
  return [];
}

const ROUTES: Row[] = [
  // Public or ops routes: no workspace is named, or the caller proves something other than membership.
  publicRoute("GET /healthz", "liveness, no data"),
  publicRoute("GET /readyz", "readiness, no data"),
  publicRoute("GET /metrics", "Prometheus counters without workspace labels, METRICS_TOKEN or private network only"),
  publicRoute("GET /api/webhooks/:platform", "Meta's verify handshake (verify token)"),
  publicRoute("POST /api/webhooks/:platform", "Meta's deliveries, signed with the app secret; routed by account"),
  publicRoute("POST /api/auth/register", "creates a new workspace of one's own"),
  publicRoute("POST /api/auth/login", "signs into one's own memberships"),
  publicRoute("POST /api/auth/refresh", "the refresh cookie names its own session"),
  publicRoute("POST /api/auth/logout", "ends the cookie's own session"),
  publicRoute("POST /api/auth/password-reset", "mails a link to the address given; same answer for any address"),
  publicRoute("POST /api/auth/password-reset/:token", "the emailed token names its own account; no workspace involved"),
  publicRoute(
    "GET /api/platforms/meta/connect",
    "one-time ticket from connect/start binds the OAuth state to its user",
  ),
  publicRoute("GET /api/platforms/meta/callback", "OAuth state from Redis names the workspace, not the caller"),
  publicRoute(
    "GET /api/uploads/:id/content",
    "Meta fetches it with no session; only a signed, expiring link (id and expiry under an HMAC) opens it",
  ),
  publicRoute("ALL /admin/queues/*", "needs the board cookie from POST /api/admin/queue-board/session (probed below)"),

  // auth
  probe("GET /api/auth/me", () => "/api/auth/me", 200),
  // Strict body: B's ids are refused (400) before the current password is even checked.
  probe("POST /api/auth/password", () => "/api/auth/password", 400, {
    body: (x) => ({ currentPassword: "whatever", newPassword: "long enough 1", userId: x.b.userId }),
  }),
  // The caller's own profile: a picture must be the caller's own upload; B's is refused like an id of nothing.
  probe("PATCH /api/me", () => "/api/me", 400, {
    body: (x) => ({ avatarUploadId: x.b.uploadId }),
    ghost: true,
  }),
  probe("PATCH /api/me", () => "/api/me", 400, { body: (x) => ({ name: "Hijacked", userId: x.b.userId }) }),
  probe("POST /api/auth/switch-workspace", () => "/api/auth/switch-workspace", 404, {
    body: (x) => ({ workspaceId: x.b.workspaceId }),
  }),

  // workspace
  probe("GET /api/workspace", () => "/api/workspace", 200),
  probe("PATCH /api/workspace", () => "/api/workspace", 400, {
    agent: 403,
    body: (x) => ({ workspaceId: x.b.workspaceId, name: "Hijacked" }),
  }),
  probe("GET /api/workspace/members", () => "/api/workspace/members", 200, {
    check: onlyIds(
      (b) => b.map((m: { userId: string }) => m.userId),
      (x) => [x.a.userId, agentUserId],
    ),
  }),
  // B's members' pictures (B's user has one, Bob is B's too): not found, as for an id that names nobody.
  probe(
    "GET /api/workspace/members/:userId/avatar",
    (x) => `/api/workspace/members/${x.b.userId}/avatar?v=${x.b.uploadId}`,
    404,
  ),
  probe("GET /api/workspace/members/:userId/avatar", (x) => `/api/workspace/members/${x.bob.id}/avatar`, 404),
  probe("DELETE /api/workspace/members/:userId", (x) => `/api/workspace/members/${x.b.userId}`, 404, { agent: 403 }),
  probe("DELETE /api/workspace/members/:userId", (x) => `/api/workspace/members/${x.bob.id}`, 404, { agent: 403 }),
  // Adding someone by the email they sign in with makes them a member of A; it tells A nothing of B.
  probe("POST /api/workspace/members", () => "/api/workspace/members", 201, {
    agent: 403,
    body: (x) => ({ email: x.bob.email, role: "AGENT" }),
    allow: (x) => [x.bob.id, x.bob.email, x.bob.name],
    after: async (x) => {
      await t.deps.db.membership.deleteMany({ where: { userId: x.bob.id, workspaceId: x.a.workspaceId } });
    },
  }),

  // team: invitations and roles
  probe("GET /api/workspace/invitations", () => "/api/workspace/invitations", 200, {
    agent: 403,
    check: onlyIds(
      (b) => b.map((i: { id: string }) => i.id),
      (x) => [x.a.invitationId],
    ),
  }),
  // Inviting B's member answers exactly as for any address; it tells A nothing of B.
  probe("POST /api/workspace/invitations", () => "/api/workspace/invitations", 201, {
    agent: 403,
    body: (x) => ({ email: x.bob.email, role: "AGENT" }),
    allow: (x) => [x.bob.email],
    after: async (x) => {
      await t.deps.db.invitation.deleteMany({ where: { workspaceId: x.a.workspaceId, email: x.bob.email } });
    },
  }),
  probe(
    "POST /api/workspace/invitations/:id/resend",
    (x) => `/api/workspace/invitations/${x.b.invitationId}/resend`,
    404,
    { agent: 403 },
  ),
  probe("DELETE /api/workspace/invitations/:id", (x) => `/api/workspace/invitations/${x.b.invitationId}`, 404, {
    agent: 403,
  }),
  probe("PATCH /api/workspace/members/:userId", (x) => `/api/workspace/members/${x.b.userId}`, 404, {
    agent: 403,
    body: () => ({ role: "ADMIN" }),
  }),
  probe("PATCH /api/workspace/members/:userId", (x) => `/api/workspace/members/${x.bob.id}`, 404, {
    agent: 403,
    body: () => ({ role: "OWNER" }),
  }),
  probe("GET /api/workspace/presence", () => "/api/workspace/presence", 200, {
    check: onlyIds(
      (b) => b.map((p: { userId: string }) => p.userId),
      (x) => [x.a.userId, agentUserId],
    ),
  }),
  // The link's token is the only credential; an invitation's id (or any guess) opens nothing.
  probe("GET /api/invitations/:token", (x) => `/api/invitations/${x.b.invitationId}`, 404),
  probe("POST /api/invitations/:token/accept", (x) => `/api/invitations/${x.b.invitationId}/accept`, 404, {
    body: () => ({}),
  }),

  // platforms
  probe("GET /api/platforms", () => "/api/platforms", 200, {
    check: onlyIds(
      (b) => b.map((a: { id: string }) => a.id),
      (x) => [x.a.messengerAccountId, x.a.whatsappAccountId],
    ),
  }),
  probe("POST /api/platforms/meta/connect/start", () => "/api/platforms/meta/connect/start", 200, { agent: 403 }),
  probe("GET /api/platforms/meta/choices/:sessionId", (x) => `/api/platforms/meta/choices/${x.b.sessionId}`, 404, {
    agent: 403,
  }),
  probe("POST /api/platforms/meta/connect", () => "/api/platforms/meta/connect", 404, {
    agent: 403,
    body: (x) => ({ sessionId: x.b.sessionId, pageIds: [x.b.connectPageId], instagramIds: [] }),
  }),
  // Even holding B's number, WABA and token, A cannot move B's account over: 409, B keeps it.
  probe("POST /api/platforms/whatsapp/connect", () => "/api/platforms/whatsapp/connect", 409, {
    agent: 403,
    ghost: false, // a number nobody connected is checked against Graph instead (400): by design
    body: (x) => ({ phoneNumberId: x.b.phoneNumberId, wabaId: x.b.wabaId, accessToken: victim.tokens.whatsapp }),
    allow: (x) => [x.b.phoneNumberId, x.b.wabaId, victim.tokens.whatsapp],
  }),
  probe("DELETE /api/platforms/:id", (x) => `/api/platforms/${x.b.messengerAccountId}`, 404, { agent: 403 }),
  probe("POST /api/platforms/:id/sync", (x) => `/api/platforms/${x.b.whatsappAccountId}/sync`, 404, { agent: 403 }),
  probe("GET /api/platforms/:id/templates", (x) => `/api/platforms/${x.b.whatsappAccountId}/templates`, 404),

  // conversations
  probe("GET /api/conversations", () => "/api/conversations", 200, {
    check: onlyIds(
      (b) => b.items.map((c: { id: string }) => c.id),
      (x) => [x.a.conversationId, x.a.waConversationId],
    ),
  }),
  probe("GET /api/conversations", () => `/api/conversations?q=${encodeURIComponent(VICTIM_TAG)}`, 200),
  probe("GET /api/conversations", () => "/api/conversations?q=whispered", 200, {
    check: onlyIds(
      (b) => b.items.map((c: { id: string }) => c.id),
      (x) => [x.a.conversationId],
    ),
  }),
  probe("GET /api/conversations/:id", (x) => `/api/conversations/${x.b.conversationId}`, 404),
  probe("GET /api/conversations", (x) => `/api/conversations?label=${x.b.labelId}`, 200, {
    check: onlyIds(
      (b) => b.items.map((c: { id: string }) => c.id),
      () => [],
    ),
  }),
  probe("PATCH /api/conversations/:id", (x) => `/api/conversations/${x.b.conversationId}`, 404, {
    body: (x) => ({
      status: "PENDING",
      labelIds: [x.a.labelId],
      priority: "URGENT",
      snoozedUntil: "until_reply",
      assigneeId: x.a.userId,
    }),
  }),
  probe("PATCH /api/conversations/:id", (x) => `/api/conversations/${x.a.conversationId}`, 400, {
    body: (x) => ({ assigneeId: x.b.userId }),
  }),
  // B's label cannot be put on A's conversation: the same 404 as a label that does not exist.
  probe("PATCH /api/conversations/:id", (x) => `/api/conversations/${x.a.conversationId}`, 404, {
    body: (x) => ({ labelIds: [x.b.labelId] }),
  }),
  // Bulk: one of B's ids among A's makes the whole request a 404, changing nothing of either.
  probe("POST /api/conversations/bulk", () => "/api/conversations/bulk", 404, {
    body: (x) => ({ ids: [x.a.conversationId, x.b.conversationId], action: { type: "resolve" } }),
  }),
  probe("POST /api/conversations/bulk", () => "/api/conversations/bulk", 404, {
    body: (x) => ({ ids: [x.b.waConversationId], action: { type: "snooze", until: "until_reply" } }),
  }),
  probe("POST /api/conversations/bulk", () => "/api/conversations/bulk", 404, {
    body: (x) => ({ ids: [x.a.conversationId], action: { type: "label", add: [x.b.labelId] } }),
  }),
  probe("POST /api/conversations/bulk", () => "/api/conversations/bulk", 400, {
    body: (x) => ({ ids: [x.a.conversationId], action: { type: "assign", userId: x.b.userId } }),
  }),
  probe("GET /api/conversations/:id/messages", (x) => `/api/conversations/${x.b.conversationId}/messages`, 404),
  probe("POST /api/conversations/:id/read", (x) => `/api/conversations/${x.b.conversationId}/read`, 404),
  probe("POST /api/conversations/:id/typing", (x) => `/api/conversations/${x.b.conversationId}/typing`, 404),
  probe("GET /api/conversations/:id/window", (x) => `/api/conversations/${x.b.waConversationId}/window`, 404),
  probe("POST /api/conversations/:id/messages", (x) => `/api/conversations/${x.b.conversationId}/messages`, 404, {
    body: () => ({ clientId: randomUUID(), text: "hello from A" }),
  }),

  // uploads: B's upload cannot be sent from A, B's conversation cannot be uploaded for
  probe("POST /api/conversations/:id/messages", (x) => `/api/conversations/${x.a.conversationId}/messages`, 404, {
    body: (x) => ({ clientId: randomUUID(), attachments: [{ uploadId: x.b.uploadId }] }),
  }),
  probe("POST /api/uploads", (x) => `/api/uploads?conversationId=${x.b.conversationId}`, 400),

  // notes: B's conversation is not found; B's member cannot be mentioned from A
  probe("POST /api/conversations/:id/notes", (x) => `/api/conversations/${x.b.conversationId}/notes`, 404, {
    body: () => ({ text: "a note from A" }),
  }),
  probe("POST /api/conversations/:id/notes", (x) => `/api/conversations/${x.a.conversationId}/notes`, 400, {
    body: (x) => ({ text: "@Bob hello", mentions: [x.b.userId] }),
  }),

  // notifications: only one's own, in this workspace
  // A's owner holds one (the agent none): never B's.
  probe("GET /api/notifications", () => "/api/notifications", 200, {
    check: (res, x) => expect(res.body.items.filter((n: { id: string }) => n.id !== x.a.notificationId)).toEqual([]),
  }),
  probe("POST /api/notifications/read", () => "/api/notifications/read", 404, {
    body: (x) => ({ ids: [x.b.notificationId] }),
  }),
  probe("GET /api/me/notification-preferences", () => "/api/me/notification-preferences", 200),
  probe("PUT /api/me/notification-preferences", () => "/api/me/notification-preferences", 400, {
    body: (x) => ({ workspaceId: x.b.workspaceId, mention: false }),
  }),

  // saved replies: the workspace's own library only
  probe("GET /api/saved-replies", () => "/api/saved-replies", 200, {
    check: onlyIds(
      (b) => b.map((r: { id: string }) => r.id),
      (x) => [x.a.savedReplyId],
    ),
  }),
  probe("POST /api/saved-replies", () => "/api/saved-replies", 400, {
    body: (x) => ({ workspaceId: x.b.workspaceId, title: "t", shortcut: "t", body: "b" }),
  }),
  probe("PATCH /api/saved-replies/:id", (x) => `/api/saved-replies/${x.b.savedReplyId}`, 404, {
    body: () => ({ body: "Hijacked" }),
  }),
  probe("DELETE /api/saved-replies/:id", (x) => `/api/saved-replies/${x.b.savedReplyId}`, 404),

  // labels: the workspace's own only
  probe("GET /api/labels", () => "/api/labels", 200, {
    check: onlyIds(
      (b) => b.map((l: { id: string }) => l.id),
      (x) => [x.a.labelId],
    ),
  }),
  probe("POST /api/labels", () => "/api/labels", 400, {
    body: (x) => ({ workspaceId: x.b.workspaceId, name: "Hijacked" }),
  }),
  probe("PATCH /api/labels/:id", (x) => `/api/labels/${x.b.labelId}`, 404, { body: () => ({ name: "Hijacked" }) }),
  probe("DELETE /api/labels/:id", (x) => `/api/labels/${x.b.labelId}`, 404),

  // messages
  probe("POST /api/messages/:id/retry", (x) => `/api/messages/${x.b.failedMessageId}/retry`, 404),
  probe("GET /api/messages/:id/media/:n", (x) => `/api/messages/${x.b.mediaMessageId}/media/0`, 404),
  probe("GET /api/posts/:id/thumbnail", (x) => `/api/posts/${x.b.postId}/thumbnail`, 404),

  // comment moderation: another workspace's message is not found, before Meta is asked anything
  probe("POST /api/messages/:id/hide", (x) => `/api/messages/${x.b.failedMessageId}/hide`, 404),
  probe("POST /api/messages/:id/unhide", (x) => `/api/messages/${x.b.failedMessageId}/unhide`, 404),
  probe("POST /api/messages/:id/like", (x) => `/api/messages/${x.b.failedMessageId}/like`, 404),
  probe("DELETE /api/messages/:id", (x) => `/api/messages/${x.b.failedMessageId}`, 404),

  // analytics: only A's numbers, and no way to name another workspace
  probe("GET /api/analytics/meta", () => "/api/analytics/meta", 200),
  probe("GET /api/analytics/daily", () => `/api/analytics/daily?${STAT_RANGE}`, 200, { check: noVictimNumbers }),
  probe("GET /api/analytics/daily", (x) => `/api/analytics/daily?${STAT_RANGE}&workspaceId=${x.b.workspaceId}`, 400),
  probe("GET /api/analytics/platforms", () => `/api/analytics/platforms?${STAT_RANGE}`, 200, {
    check: noVictimNumbers,
  }),
  probe("GET /api/analytics/stats", () => `/api/analytics/stats?${STAT_RANGE}`, 200, { check: noVictimNumbers }),
  probe("GET /api/analytics/stats", () => `/api/analytics/stats?${STAT_RANGE}&platform=WHATSAPP`, 200, {
    check: noVictimNumbers,
  }),
  probe("GET /api/analytics/heatmap", () => `/api/analytics/heatmap?${STAT_RANGE}`, 200, { check: noVictimNumbers }),
  // Comment analytics are read from the comments themselves (none seeded): the answer names nothing of B.
  probe("GET /api/analytics/comments", () => `/api/analytics/comments?${STAT_RANGE}`, 200),
  probe(
    "GET /api/analytics/comments",
    (x) => `/api/analytics/comments?${STAT_RANGE}&workspaceId=${x.b.workspaceId}`,
    400,
  ),
  probe("GET /api/analytics/export", () => `/api/analytics/export?${STAT_RANGE}`, 200, { check: noVictimNumbers }),
  probe("POST /api/analytics/recompute", () => `/api/analytics/recompute?${STAT_RANGE}`, 202, { agent: 403 }),
  probe(
    "POST /api/analytics/recompute",
    (x) => `/api/analytics/recompute?${STAT_RANGE}&workspaceId=${x.b.workspaceId}`,
    400,
    { agent: 403 },
  ),

  // admin
  probe("GET /api/admin/webhook-events", () => "/api/admin/webhook-events", 200, {
    agent: 403,
    check: onlyIds(
      (b) => b.events.map((e: { id: string }) => e.id),
      (x) => [x.a.webhookEventId],
    ),
  }),
  probe("GET /api/admin/webhook-events", () => "/api/admin/webhook-events?status=FAILED&platform=messenger", 200, {
    agent: 403,
  }),
  probe(
    "POST /api/admin/webhook-events/:id/replay",
    (x) => `/api/admin/webhook-events/${x.b.webhookEventId}/replay`,
    404,
    {
      agent: 403,
    },
  ),
  // The board shows every workspace's jobs (payloads included), so it is for the instance's operators:
  // a workspace owner who is not one, on an instance with other tenants, is refused.
  probe("POST /api/admin/queue-board/session", () => "/api/admin/queue-board/session", 403),
];

const VICTIM_TAG = "Vexmoor";
let sim: Simulator;
let t: ReturnType<typeof startTestApp>;
let intruder: Awaited<ReturnType<typeof createTestWorkspace>>;
let victimWs: Awaited<ReturnType<typeof createTestWorkspace>>;
let victim: SeededTenant;
let own: SeededTenant;
let agentUserId: string;
let agentAuth: Record<string, string>;
let ctx: Ctx;
let ghost: Ctx;
let secrets: string[];

beforeAll(async () => {
  const s = await startSimWithConfig();
  sim = s.sim;
  t = startTestApp({ config: s.config });
  await redisReady(t.deps.redis);
  [intruder, victimWs] = await Promise.all([createTestWorkspace(t.deps), createTestWorkspace(t.deps)]);
  const agent = await t.deps.db.user.create({
    data: { email: `agent-${randomUUID().slice(0, 8)}@test.parley`, name: "Intruder Agent", passwordHash: "!" },
  });
  await t.deps.db.membership.create({ data: { userId: agent.id, workspaceId: intruder.workspace.id, role: "AGENT" } });
  agentUserId = agent.id;
  const agentToken = signAccessToken(
    { userId: agent.id, workspaceId: intruder.workspace.id, role: "AGENT" },
    t.deps.config.JWT_SECRET,
  );
  agentAuth = { Authorization: `Bearer ${agentToken}` };
  const bob = await t.deps.db.user.create({
    data: { email: `bob-${randomUUID().slice(0, 8)}@victim.test`, name: "Bob Victimagent", passwordHash: "!" },
  });
  await t.deps.db.membership.create({ data: { userId: bob.id, workspaceId: victimWs.workspace.id, role: "AGENT" } });

  const wa = sim.createWhatsAppNumber({ verifiedName: "Sim Verified Business" });
  sim.subscribeApp(wa.wabaId);
  victim = await seedTenant(
    t.deps,
    { workspaceId: victimWs.workspace.id, userId: victimWs.user.id },
    { tag: VICTIM_TAG, big: true, whatsapp: { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, token: wa.token } },
  );
  own = await seedTenant(
    t.deps,
    { workspaceId: intruder.workspace.id, userId: intruder.user.id },
    { tag: "Alder", big: false },
  );
  // A's own inbox also has a message matching the search probe, so that search is not vacuously empty.
  await t.deps.db.message.create({
    data: {
      conversationId: own.ids.conversationId,
      platformAccountId: own.ids.messengerAccountId,
      direction: "IN",
      kind: "text",
      status: "RECEIVED",
      text: "Alder whispered too",
      platformTimestamp: new Date(),
    },
  });

  ctx = { a: own.ids, b: victim.ids, bob: { id: bob.id, email: bob.email, name: bob.name } };
  ghost = { ...ctx, b: ghostOf(victim.ids) };
  secrets = [
    ...victim.secrets,
    victimWs.workspace.name,
    victimWs.user.email,
    victimWs.user.name,
    bob.id,
    bob.email,
    bob.name,
  ];
});
afterAll(async () => {
  await t?.close();
  await sim?.close();
});

/** Ids of the same shapes as B's that name nothing at all. */
function ghostOf(ids: TenantIds): TenantIds {
  return Object.fromEntries(
    Object.entries(ids).map(([k, v]) => [
      k,
      /^\d+$/.test(v) ? v.replace(/\d/g, () => String(Math.floor(Math.random() * 10))) : randomUUID(),
    ]),
  ) as TenantIds;
}

async function call(p: Probe, x: Ctx, auth: Record<string, string>): Promise<Response> {
  const [method, pattern] = p.route.split(" ");
  const path = p.path(x);
  expect(match(pattern)(path.split("?")[0]), `${path} is not a request to ${p.route}`).not.toBe(false);
  let req = t.http()[method.toLowerCase() as "get"](path).set(auth);
  if (p.body) req = req.send(p.body(x));
  return req;
}

/** Everything of B's a misrouted request could touch, in a stable order. */
async function victimState() {
  const db = t.deps.db;
  const workspaceId = victimWs.workspace.id;
  const byId = { orderBy: { id: "asc" as const } };
  const accountIds = [victim.ids.messengerAccountId, victim.ids.whatsappAccountId];
  return {
    workspace: await db.workspace.findUnique({ where: { id: workspaceId } }),
    members: await db.membership.findMany({ where: { workspaceId }, ...byId }),
    invitations: await db.invitation.findMany({ where: { workspaceId }, ...byId }),
    accounts: await db.platformAccount.findMany({ where: { id: { in: accountIds } }, ...byId }),
    contacts: await db.contact.findMany({ where: { platformAccountId: { in: accountIds } }, ...byId }),
    conversations: await db.conversation.findMany({ where: { workspaceId }, ...byId }),
    labels: await db.label.findMany({ where: { workspaceId }, ...byId }),
    conversationLabels: await db.conversationLabel.findMany({
      where: { conversation: { workspaceId } },
      orderBy: [{ conversationId: "asc" }, { labelId: "asc" }],
    }),
    messages: await db.message.findMany({ where: { platformAccountId: { in: accountIds } }, ...byId }),
    templates: await db.messageTemplate.findMany({ where: { platformAccountId: { in: accountIds } }, ...byId }),
    syncRuns: await db.syncRun.findMany({ where: { platformAccountId: { in: accountIds } }, ...byId }),
    dailyStats: await db.dailyStat.findMany({ where: { workspaceId }, ...byId }),
    webhookEvents: await db.webhookEvent.findMany({ where: { workspaceId }, ...byId }),
    connectSession: await t.deps.redis.get(redisKey("meta-connect", victim.ids.sessionId)),
  };
}

/** Every job and job scheduler in every queue, as text, to look for B's ids in. */
async function allJobsText(): Promise<string> {
  const parts: string[] = [];
  for (const name of QUEUE_NAMES) {
    const q = t.deps.queues[name];
    for (const job of await q.getJobs()) parts.push(`${name} ${job.id} ${job.name} ${JSON.stringify(job.data)}`);
    for (const s of await q.getJobSchedulers()) parts.push(`${name} scheduler ${JSON.stringify(s)}`);
  }
  return parts.join("\n");
}

describe("tenant isolation on every route", () => {
  it("A's owner and agent get nothing of B by any id, and B is untouched", async () => {
    const sub = createRedis();
    const victimEvents: string[] = [];
    sub.on("message", (_c, m: string) => victimEvents.push(m));
    await sub.subscribe(eventsChannel(victimWs.workspace.id));
    const before = await victimState();
    const jobsBefore = await allJobsText();
    for (const secret of secrets) expect(jobsBefore.includes(secret), "seeding queued nothing for B").toBe(false);

    try {
      for (const [role, auth] of [
        ["OWNER", intruder.auth],
        ["AGENT", agentAuth],
      ] as const) {
        for (const p of ROUTES.filter(isProbe)) {
          const want = role === "OWNER" ? p.owner : (p.agent ?? p.owner);
          const res = await call(p, ctx, auth);
          const label = `${role} of A: ${p.route} as ${p.path(ctx)}`;
          expect(res.status, `${label} → ${res.text.slice(0, 300)}`).toBe(want);
          if (res.status >= 400) expect(res.body?.error?.code, `${label} error shape`).toBeTypeOf("string");
          const allowed = new Set(p.allow?.(ctx) ?? []);
          for (const s of secrets)
            if (!allowed.has(s)) expect(res.text.includes(s), `${label} leaked "${s}" of workspace B`).toBe(false);
          if (res.status < 300) {
            try {
              p.check?.(res, ctx);
            } catch (e) {
              throw new Error(`${label}: ${(e as Error).message}\n${res.text.slice(0, 600)}`);
            }
          }
          if (p.after && res.status < 300) await p.after(ctx);
          if (p.ghost ?? want === 404) {
            // B's id must be indistinguishable from an id that names nothing.
            const g = await call(p, ghost, auth);
            expect({ status: g.status, error: g.body?.error }, `${label} differs from a non-existent id`).toEqual({
              status: res.status,
              error: res.body?.error,
            });
          }
        }
      }
    } finally {
      sub.disconnect();
    }

    expect(await victimState(), "workspace B's data changed").toEqual(before);
    const jobs = await allJobsText();
    for (const secret of secrets) expect(jobs.includes(secret), `a job or schedule names "${secret}" of B`).toBe(false);
    expect(victimEvents, "realtime events were published to workspace B").toEqual([]);
  });

  it("has a row for every route the app declares, and no row for a route it does not", () => {
    const declared = appRoutes(t.app);
    const listed = [...new Set(ROUTES.map((r) => r.route))].sort();
    const missing = declared.filter((r) => !listed.includes(r));
    const stale = listed.filter((r) => !declared.includes(r));
    expect(missing, "routes without a tenancy row: add a probe (or a publicRoute with its reason)").toEqual([]);
    expect(stale, "rows for routes the app no longer has").toEqual([]);
  });
});

describe("appRoutes", () => {
  it("reads nested routers with their mount paths and a sub-app as one entry", async () => {
    const express = (await import("express")).default;
    const app = express();
    const inner = express.Router();
    inner.get("/", () => {});
    inner.delete("/things/:id", () => {});
    app.use("/api/things", inner);
    app.post("/api/once", () => {});
    app.use("/board", express());
    expect(appRoutes(app)).toEqual([
      "ALL /board/*",
      "DELETE /api/things/things/:id",
      "GET /api/things",
      "POST /api/once",
    ]);
  });
});
