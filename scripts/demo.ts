import { hash } from "@node-rs/argon2";
import { signAccessToken } from "@parley/core/auth/access-token";
import type { Config } from "@parley/core/config";
import { createDb } from "@parley/core/db";
import { type Simulator, startCommentTraffic, startSimulator, startTraffic, type Traffic } from "@parley/simulator";

/**
 * The living demo behind `npm start` when no Meta app is configured: the Meta simulator, a demo workspace
 * connected to simulated Messenger, Instagram and WhatsApp accounts through Parley's real connect flows,
 * a few weeks of history, and a gentle stream of customer messages through the real webhook path.
 */
export const DEMO_EMAIL = "demo@parley.local";
export const DEMO_PASSWORD = "parley-demo-2026";
const WEBHOOK_PATH = { page: "messenger", instagram: "instagram", whatsapp_business_account: "whatsapp" } as const;
const DAY = 86_400_000;

export async function startDemo({ cfg, apiBase }: { cfg: Config; apiBase: string }) {
  const sim = await startSimulator({
    port: cfg.SIMULATOR_PORT,
    appId: cfg.META_APP_ID,
    appSecret: cfg.META_APP_SECRET,
    webhookUrl: (object) => `${apiBase}/api/webhooks/${WEBHOOK_PATH[object]}`,
    retry: { attempts: 8, baseDelayMs: 500 },
  });
  let traffic: Traffic | undefined;
  return {
    sim,
    seed: async () => {
      traffic = await seedDemo(sim, cfg, apiBase);
    },
    stop: async () => {
      await traffic?.stop();
      await sim.close();
    },
  };
}

async function seedDemo(sim: Simulator, cfg: Config, api: string): Promise<Traffic> {
  const say = (m: string) => console.log(`\x1b[36mdemo\x1b[0m   ${m}`);

  const owner = sim.createFacebookUser({ name: "Maya Lopez" });
  const page = sim.createPage({
    name: "Bloom & Petal Florist",
    ownerUserId: owner.id,
    instagram: { username: "bloomandpetal", name: "Bloom & Petal" },
  });
  const wa = sim.createWhatsAppNumber({ displayPhoneNumber: "+1 555-0100", verifiedName: "Bloom & Petal" });
  const from = new Date(Date.now() - 21 * DAY);
  sim.seedHistory({ platform: "messenger", accountId: page.id, conversations: 24, messagesPerConversation: 10, from });
  if (page.instagram)
    sim.seedHistory({
      platform: "instagram",
      accountId: page.instagram.id,
      conversations: 18,
      messagesPerConversation: 8,
      from,
    });

  say("creating the demo workspace…");
  const token = await recreateDemoWorkspace(cfg);

  say("connecting Facebook & Instagram through the OAuth flow…");
  await connectMeta(api, token, page.id, page.instagram?.id);
  say("connecting WhatsApp…");
  await call(api, "POST", "/api/platforms/whatsapp/connect", token, {
    phoneNumberId: wa.phoneNumberId,
    wabaId: wa.wabaId,
    accessToken: wa.token,
  });

  // WhatsApp has no history API: recent conversations arrive as (past-dated) webhooks.
  for (let i = 0; i < 10; i++) {
    const customer = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
    for (let j = 0; j < 3; j++) {
      const at = new Date(Date.now() - (10 - i) * DAY * 1.5 + j * 600_000);
      await sim.customerSends({ platform: "whatsapp", accountId: wa.phoneNumberId, customerId: customer.id, at });
    }
  }

  sim.autoReceipts({ deliveredAfterMs: 800, readAfterMs: 3000 });
  const accounts = [
    { platform: "messenger" as const, accountId: page.id },
    ...(page.instagram ? [{ platform: "instagram" as const, accountId: page.instagram.id }] : []),
    { platform: "whatsapp" as const, accountId: wa.phoneNumberId },
  ];
  const traffic = startTraffic(sim, { ratePerSec: 0.2, accounts, customersPerAccount: 6 });
  // Comment threads on a few posts, one of them an ad (issue #17).
  await startCommentTraffic(sim, { pageId: page.id, igId: page.instagram?.id });
  say(
    `ready. Sign in as \x1b[1m${DEMO_EMAIL}\x1b[0m / \x1b[1m${DEMO_PASSWORD}\x1b[0m — new customer messages arrive every few seconds.`,
  );
  return traffic;
}

/**
 * Each start begins with a fresh demo workspace, so the simulator's ids and the database agree. It is
 * written straight to the database, not through the public sign-up: that one is rate-limited against
 * strangers, and restarting `npm start` a few times must never lock the demo out. Returns an access token.
 */
async function recreateDemoWorkspace(cfg: Config): Promise<string> {
  const db = createDb(cfg.DATABASE_URL, 2);
  try {
    const user = await db.user.findUnique({ where: { email: DEMO_EMAIL }, include: { memberships: true } });
    if (user) {
      await db.workspace.deleteMany({ where: { id: { in: user.memberships.map((m) => m.workspaceId) } } });
      await db.user.delete({ where: { id: user.id } });
    }
    const created = await db.user.create({
      data: {
        email: DEMO_EMAIL,
        name: "Maya Lopez",
        passwordHash: await hash(DEMO_PASSWORD),
        memberships: { create: { role: "OWNER", workspace: { create: { name: "Bloom & Petal" } } } },
      },
      include: { memberships: true },
    });
    const [membership] = created.memberships;
    return signAccessToken({ userId: created.id, workspaceId: membership.workspaceId, role: "OWNER" }, cfg.JWT_SECRET);
  } finally {
    await db.$disconnect();
  }
}

/** Walks the Meta OAuth round trip the way a browser would: start → dialog → callback → choices → connect. */
async function connectMeta(api: string, token: string, pageId: string, igId?: string) {
  const { url } = await call(api, "POST", "/api/platforms/meta/connect/start", token);
  let next = new URL(url, api).toString();
  let sessionId: string | null = null;
  for (let hop = 0; hop < 6 && !sessionId; hop++) {
    const res = await fetch(next, { redirect: "manual" });
    const location = res.headers.get("location");
    if (!location) throw new Error(`OAuth flow stopped at ${next} (${res.status})`);
    const target = new URL(location, next);
    if (target.pathname.startsWith("/api/") && target.origin !== new URL(api).origin) {
      // PUBLIC_URL may name another host than the one this process reaches the API on.
      target.host = new URL(api).host;
      target.protocol = new URL(api).protocol;
    }
    const error = target.searchParams.get("connect_error");
    if (error) throw new Error(`Meta connect failed: ${error}`);
    sessionId = target.searchParams.get("connect");
    next = target.toString();
  }
  if (!sessionId) throw new Error("OAuth flow did not come back with a connect session");
  await call(api, "POST", "/api/platforms/meta/connect", token, {
    sessionId,
    pageIds: [pageId],
    instagramIds: igId ? [igId] : [],
  });
}

async function call(api: string, method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
