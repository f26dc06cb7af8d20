import { afterAll, expect, it } from "vitest";
import { seedAccount, seedConversation, seedMessages } from "../../../test/conversations";
import { startTestApp } from "../../../test/harness";
import { createTenantPair, expectTenantIsolation } from "../../../test/tenancy";

const t = startTestApp();
afterAll(() => t.close());

it("never shows or changes another workspace's conversations", async () => {
  const { intruder, victim } = await createTenantPair(t.deps);
  // A has its own inbox, so "nothing of B" is not just "nothing at all".
  const own = await seedConversation(t.deps.db, await seedAccount(t.deps.db, intruder.workspace.id), {
    contactName: "Alice Own",
  });
  const account = await seedAccount(t.deps.db, victim.workspace.id, "MESSENGER", "Victim Page");
  const conv = await seedConversation(t.deps.db, account, { contactName: "Zebulon Secretname", unreadCount: 5 });
  await seedMessages(t.deps.db, conv, [
    { text: "the vault code is quokka", at: new Date(), externalId: "mid.victim-secret" },
  ]);

  await expectTenantIsolation({
    http: t.http,
    db: t.deps.db,
    intruder,
    victim: {
      ...victim,
      ids: { conversationId: conv.id, contactId: conv.contactId, accountId: account.id },
      secrets: ["Zebulon", "quokka", "mid.victim-secret", "Victim Page"],
    },
    routes: [
      { method: "get", path: (ids) => `/api/conversations/${ids.conversationId}` },
      { method: "get", path: (ids) => `/api/conversations/${ids.conversationId}/messages` },
      { method: "post", path: (ids) => `/api/conversations/${ids.conversationId}/read` },
      {
        method: "patch",
        path: (ids) => `/api/conversations/${ids.conversationId}`,
        body: () => ({ status: "RESOLVED", priority: "URGENT" }),
      },
      {
        method: "post",
        path: () => "/api/conversations/bulk",
        body: (ids) => ({ ids: [ids.conversationId], action: { type: "resolve" } }),
      },
      // A's own conversation with B's in the same request: nothing changes, not even A's.
      {
        method: "post",
        path: () => "/api/conversations/bulk",
        body: (ids) => ({ ids: [own.id, ids.conversationId], action: { type: "priority", priority: "HIGH" } }),
      },
      // Assigning A's conversation to B's user: B's user is not A's member.
      {
        method: "patch",
        path: () => `/api/conversations/${own.id}`,
        body: () => ({ assigneeId: victim.user.id }),
        status: 400,
      },
      { method: "get", path: () => "/api/conversations", status: 200 },
      { method: "get", path: () => "/api/conversations?q=Secretname", status: 200 },
      { method: "get", path: () => "/api/conversations?q=quokka", status: 200 },
      { method: "get", path: () => "/api/conversations?q=ze", status: 200 },
      { method: "get", path: () => "/api/conversations?unread=true&platform=MESSENGER", status: 200 },
    ],
  });

  const list = await t.http().get("/api/conversations").set(intruder.auth);
  expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([own.id]);
  expect(await t.deps.db.conversation.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({
    assigneeId: null,
    priority: "NONE",
  });
});
