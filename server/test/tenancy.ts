import type { Db } from "@parley/core/db";
import type supertest from "supertest";
import { expect } from "vitest";
import type { Deps } from "../src/deps";
import { createTestWorkspace } from "./harness";

/**
 * The tenancy rule, as a reusable test: a user of workspace A who asks for any workspace-B resource
 * by id gets 404 (exactly what a non-existent id gets), the answer mentions nothing of B, and B's data
 * is unchanged afterwards.
 *
 * How a feature adds its routes (in its own *.test.ts):
 *
 *   const { intruder, victim } = await createTenantPair(t.deps);        // A and B, each with an OWNER
 *   const conv = await seedConversation(t.deps.db, victim.workspace.id); // B's resource, your fixture
 *   await expectTenantIsolation({
 *     http: t.http, db: t.deps.db, intruder,
 *     victim: { ...victim, ids: { conversationId: conv.id } },
 *     routes: [
 *       { method: "get", path: (ids) => `/api/conversations/${ids.conversationId}` },
 *       { method: "patch", path: (ids) => `/api/conversations/${ids.conversationId}`, body: () => ({ status: "RESOLVED" }) },
 *       { method: "post", path: (ids) => `/api/conversations/${ids.conversationId}/messages`,
 *         body: () => ({ clientId: crypto.randomUUID(), text: "hi" }) },
 *     ],
 *   });
 *
 * Every route that takes an id (path, query or body) belongs in such a list, writes included: the
 * default snapshot compares B's workspace, members, accounts, contacts, conversations, messages,
 * daily stats and webhook events before and after; pass `snapshot` to add what else you touch.
 */
export type TenantRoute<I extends Record<string, string> = Record<string, string>> = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: (ids: I) => string;
  body?: (ids: I) => string | object;
  /**
   * 404 unless told otherwise. The one sensible exception is a list filtered by a foreign id, which
   * may answer 200 with nothing in it; the body is still checked for B's data.
   */
  status?: number;
};

export type Tenant = Awaited<ReturnType<typeof createTestWorkspace>>;

/** Two unrelated workspaces: the intruder (A) and the victim (B), each with an OWNER and a token. */
export async function createTenantPair(deps: Pick<Deps, "db" | "config">) {
  const [intruder, victim] = await Promise.all([createTestWorkspace(deps), createTestWorkspace(deps)]);
  return { intruder, victim };
}

export async function expectTenantIsolation<I extends Record<string, string>>(opts: {
  http: () => ReturnType<typeof supertest>;
  db: Db;
  intruder: { auth: Record<string, string> };
  victim: Pick<Tenant, "workspace" | "user"> & {
    ids: I;
    /** More strings of B's that must never appear in an answer to A (names, texts, external ids). */
    secrets?: string[];
  };
  routes: TenantRoute<I>[];
  snapshot?: () => Promise<unknown>;
}): Promise<void> {
  const { victim } = opts;
  const secrets = [
    victim.workspace.id,
    victim.workspace.name,
    victim.user.id,
    victim.user.email,
    victim.user.name,
    ...Object.values(victim.ids),
    ...(victim.secrets ?? []),
  ].filter((s) => s.length >= 4);
  const snap = async () => ({
    core: await victimSnapshot(opts.db, victim.workspace.id),
    extra: opts.snapshot ? await opts.snapshot() : null,
  });
  const before = await snap();

  for (const route of opts.routes) {
    const path = route.path(victim.ids);
    const label = `${route.method.toUpperCase()} ${path}`;
    let req = opts.http()[route.method](path).set(opts.intruder.auth);
    if (route.body) req = req.send(route.body(victim.ids));
    const res = await req;
    expect(res.status, `${label} should answer ${route.status ?? 404} to another workspace`).toBe(route.status ?? 404);
    if ((route.status ?? 404) === 404) expect(res.body?.error?.code, `${label} error shape`).toBeTypeOf("string");
    const text = res.text ?? "";
    for (const s of secrets) expect(text.includes(s), `${label} leaked "${s}" of workspace B`).toBe(false);
  }

  expect(await snap(), "workspace B's data changed").toEqual(before);
}

/** Everything of workspace B that a misrouted request could touch, in a stable order. */
async function victimSnapshot(db: Db, workspaceId: string) {
  const byId = { orderBy: { id: "asc" as const } };
  const [workspace, members, accounts, contacts, conversations, messages, dailyStats, webhookEvents] =
    await Promise.all([
      db.workspace.findUnique({ where: { id: workspaceId } }),
      db.membership.findMany({ where: { workspaceId }, ...byId }),
      db.platformAccount.findMany({ where: { workspaceId }, ...byId }),
      db.contact.findMany({ where: { account: { workspaceId } }, ...byId }),
      db.conversation.findMany({ where: { workspaceId }, ...byId }),
      db.message.findMany({ where: { conversation: { workspaceId } }, ...byId }),
      db.dailyStat.findMany({ where: { workspaceId }, ...byId }),
      db.webhookEvent.findMany({ where: { workspaceId }, ...byId }),
    ]);
  return { workspace, members, accounts, contacts, conversations, messages, dailyStats, webhookEvents };
}
