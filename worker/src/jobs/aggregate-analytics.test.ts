import { todayIn } from "@parley/core/analytics/dates";
import { afterAll, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../main";
import { ANALYTICS_SCHEDULER_ID, scheduleAnalytics } from "./aggregate-analytics";

const running: RunningWorker[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
});

it("runs each scheduled tick on exactly one of two workers, and the tick fills today's numbers", {
  timeout: 90_000,
}, async () => {
  // Two replicas start, each registering the same schedules.
  running.push(
    await startWorker({ only: ["aggregate-analytics"] }),
    await startWorker({ only: ["aggregate-analytics"] }),
  );
  const [one, two] = running;
  const queue = one.deps.queues["aggregate-analytics"];

  const { db } = one.deps;
  const ws = await db.workspace.create({ data: { name: "tick", timeZone: "Asia/Tokyo" } });
  const acc = await db.platformAccount.create({
    data: { workspaceId: ws.id, platform: "INSTAGRAM", externalId: `ig-${ws.id}`, name: "ig", accessTokenEnc: "x" },
  });
  const contact = await db.contact.create({ data: { platformAccountId: acc.id, externalId: "c" } });
  const conv = await db.conversation.create({
    data: {
      workspaceId: ws.id,
      platformAccountId: acc.id,
      contactId: contact.id,
      platform: "INSTAGRAM",
      lastMessageAt: new Date(),
    },
  });
  await db.message.create({
    data: {
      conversationId: conv.id,
      platformAccountId: acc.id,
      direction: "IN",
      kind: "text",
      status: "RECEIVED",
      platformTimestamp: new Date(),
    },
  });

  const runs: { worker: number; jobId: string }[] = [];
  one.workers[0].on("completed", (job) => runs.push({ worker: 1, jobId: String(job.id) }));
  two.workers[0].on("completed", (job) => runs.push({ worker: 2, jobId: String(job.id) }));

  // Both replicas re-register the schedule at a test-sized interval; it stays one scheduler.
  await Promise.all([scheduleAnalytics(one.deps, { every: 700 }), scheduleAnalytics(two.deps, { every: 700 })]);
  const schedulers = (await queue.getJobSchedulers()).filter((s) => s.key === ANALYTICS_SCHEDULER_ID);
  expect(schedulers).toHaveLength(1);

  // Wait for ticks rather than a fixed time: a tick aggregates every workspace in the shared test database,
  // which on a busy machine can take longer than the interval.
  const started = Date.now();
  const tickRuns = () => runs.filter((r) => r.jobId.startsWith("repeat:"));
  while (tickRuns().length < 3) {
    if (Date.now() - started > 60_000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await queue.removeJobScheduler(ANALYTICS_SCHEDULER_ID);
  const elapsed = Date.now() - started;

  const ticks = tickRuns();
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  // Every tick ran once: no job id completed twice, and there are no more runs than ticks elapsed.
  expect(new Set(ticks.map((r) => r.jobId)).size).toBe(ticks.length);
  expect(ticks.length).toBeLessThanOrEqual(Math.ceil(elapsed / 700) + 1);

  const row = await db.dailyStat.findFirst({ where: { workspaceId: ws.id } });
  expect(row?.day.toISOString().slice(0, 10)).toBe(todayIn("Asia/Tokyo"));
  expect(row?.inbound).toBe(1);
});
