import { randomUUID } from "node:crypto";
import { snoozeJobId, wakeDueSnoozes } from "@parley/core/conversations/snooze";
import type { RealtimeEvent } from "@parley/core/realtime/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../../../../worker/src/main";
import { listenToWorkspace } from "../../../test/conversations";
import { eventually, messengerText, postWebhook, seedWorkspace, startApi } from "../../../test/webhooks";

// Snooze (issue #16 item 6) end to end: the API sets it, a real worker wakes it at its time through the delayed
// job, and a customer's message through the real webhook path wakes it at once.

let api: Awaited<ReturnType<typeof startApi>>;
let worker: RunningWorker;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let live: Awaited<ReturnType<typeof listenToWorkspace>>;

beforeAll(async () => {
  api = await startApi();
  worker = await startWorker({ only: ["process-webhook", "wake-snoozed"] });
  ws = await seedWorkspace(api.deps);
  live = await listenToWorkspace(ws.workspace.id);
});
afterAll(async () => {
  live?.close();
  await worker?.close();
  await api?.close();
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${api.url}${path}`, {
    method,
    headers: { ...ws.auth, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
const snooze = (id: string, snoozedUntil: string | null) => call("PATCH", `/api/conversations/${id}`, { snoozedUntil });
const listIds = async (query: string) =>
  (await call("GET", `/api/conversations?${query}`)).body.items.map((c: { id: string }) => c.id) as string[];

/** A customer writes on Messenger (signed webhook → worker → apply); answers their conversation's id. */
async function customerWrites(psid: string, text = "hello?"): Promise<string> {
  expect((await postWebhook(api.url, "messenger", messengerText(ws.page.externalId, [{ psid, text }]))).status).toBe(
    200,
  );
  const conv = await eventually(
    () =>
      api.deps.db.conversation.findFirst({
        where: { platformAccountId: ws.page.id, contact: { externalId: psid }, lastMessagePreview: text },
      }),
    15_000,
    "the customer's message to be applied",
  );
  return conv.id;
}

type Updated = Extract<RealtimeEvent, { type: "conversation.updated" }>;
/** Where the events heard so far end: `announced` looks only after it. */
const mark = () => live.events.length;

/** A conversation.updated of this conversation, heard after `from`, that satisfies `check`. */
async function announced(id: string, from: number, check: (c: Updated) => boolean) {
  return eventually(
    () =>
      live.events
        .slice(from)
        .find((e): e is Updated => e.type === "conversation.updated" && e.data.conversation.id === id && check(e)),
    15_000,
    "the change to be announced",
  );
}

const wakeJob = (id: string) => api.deps.queues["wake-snoozed"].getJob(snoozeJobId(id));
const dueAt = (job: { timestamp: number; opts: { delay?: number } }) => job.timestamp + (job.opts.delay ?? 0);

describe("snooze", () => {
  it("leaves the open list for the Snoozed filter, with one delayed wake-up that a new time replaces", async () => {
    const id = await customerWrites(`psid-${randomUUID()}`);
    const until = new Date(Date.now() + 2 * 3600_000);
    const from = mark();
    const res = await snooze(id, until.toISOString());
    expect(res.status).toBe(200);
    expect(res.body.snoozedUntil).toBe(until.toISOString());
    await announced(id, from, (e) => e.data.conversation.snoozedUntil === until.toISOString());

    expect(await listIds("status=OPEN&snoozed=false")).not.toContain(id);
    expect(await listIds("snoozed=true")).toContain(id);
    expect(await listIds("status=OPEN")).toContain(id); // without the snoozed filter, every open one

    const job = await wakeJob(id);
    expect(await job?.getState()).toBe("delayed");
    expect(Math.abs(dueAt(job!) - until.getTime())).toBeLessThan(5_000);

    const later = new Date(Date.now() + 26 * 3600_000);
    expect((await snooze(id, later.toISOString())).body.snoozedUntil).toBe(later.toISOString());
    const delayed = (await api.deps.queues["wake-snoozed"].getJobs(["delayed", "waiting"])).filter(
      (j) => j.data.conversationId === id,
    );
    expect(delayed).toHaveLength(1);
    expect(Math.abs(dueAt(delayed[0]) - later.getTime())).toBeLessThan(5_000);

    const untilReply = await snooze(id, "until_reply");
    expect(untilReply.body.snoozedUntil).toBe("until_reply");
    expect(await wakeJob(id)).toBeUndefined();
    expect(await listIds("snoozed=true")).toContain(id);

    const unsnoozed = await snooze(id, null);
    expect(unsnoozed.body.snoozedUntil).toBeNull();
    expect(await listIds("status=OPEN&snoozed=false")).toContain(id);
    expect(await listIds("snoozed=true")).not.toContain(id);
  });

  it("reappears at its time through the delayed job, live", async () => {
    const id = await customerWrites(`psid-${randomUUID()}`);
    const res = await snooze(id, new Date(Date.now() + 1_500).toISOString());
    expect(res.status).toBe(200);
    expect(res.body.snoozedUntil).not.toBeNull();
    const from = mark();
    await announced(id, from, (e) => e.data.conversation.snoozedUntil === null);
    expect(await listIds("status=OPEN&snoozed=false")).toContain(id);
    expect(await api.deps.db.conversation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      snoozedAt: null,
      snoozedUntil: null,
    });
  });

  it("reappears at once when the customer writes, whether snoozed until a reply or until a time", async () => {
    for (const until of ["until_reply", new Date(Date.now() + 5 * 3600_000).toISOString()]) {
      const psid = `psid-${randomUUID()}`;
      const id = await customerWrites(psid, "first");
      expect((await snooze(id, until)).body.snoozedUntil).toBe(until);
      expect(await listIds("status=OPEN&snoozed=false")).not.toContain(id);

      const from = mark();
      await customerWrites(psid, "are you there?");
      const woken = await announced(
        id,
        from,
        (e) => e.data.conversation.snoozedUntil === null && e.data.conversation.lastMessagePreview === "are you there?",
      );
      expect(woken.data.conversation.status).toBe("OPEN");
      expect(await listIds("status=OPEN&snoozed=false")).toContain(id);
    }
  });

  it("a job that comes early wakes nothing; one whose time came but was lost is woken by the sweep", async () => {
    const id = await customerWrites(`psid-${randomUUID()}`);
    await snooze(id, new Date(Date.now() + 3600_000).toISOString());
    const job = (await wakeJob(id))!;
    await job.promote();
    await eventually(async () => (await job.getState()) === "completed", 15_000, "the early job to run");
    expect((await call("GET", `/api/conversations/${id}`)).body.snoozedUntil).not.toBeNull();

    // Redis lost the job and the time has come: the minute's reconcile (wakeDueSnoozes) brings it back.
    await api.deps.db.conversation.update({ where: { id }, data: { snoozedUntil: new Date(Date.now() - 1000) } });
    const from = mark();
    expect(await wakeDueSnoozes(api.deps)).toContain(id);
    await announced(id, from, (e) => e.data.conversation.snoozedUntil === null);
  });

  it("resolving ends the snooze and removes its job; snoozing a resolved conversation reopens it", async () => {
    const id = await customerWrites(`psid-${randomUUID()}`);
    await snooze(id, new Date(Date.now() + 3600_000).toISOString());
    const resolved = await call("PATCH", `/api/conversations/${id}`, { status: "RESOLVED" });
    expect(resolved.body).toMatchObject({ status: "RESOLVED", snoozedUntil: null });
    expect(await wakeJob(id)).toBeUndefined();

    const snoozed = await snooze(id, "until_reply");
    expect(snoozed.body).toMatchObject({ status: "OPEN", snoozedUntil: "until_reply" });
    expect(await listIds("status=RESOLVED")).not.toContain(id);
  });
});
