import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { createDb, type WebhookStatus } from "../db";
import { purgeProcessedEvents } from "./retention";

const db = createDb();
afterAll(() => db.$disconnect());

const daysAgo = (d: number) => new Date(Date.now() - d * 24 * 3600_000);

async function event(status: WebhookStatus, receivedAt: Date) {
  const id = randomUUID();
  await db.webhookEvent.create({ data: { id, platform: "WHATSAPP", payload: { entry: [] }, status, receivedAt } });
  return id;
}
const exists = async (id: string) => (await db.webhookEvent.count({ where: { id } })) === 1;

it("deletes processed events past the retention, a bounded number per run, and keeps everything else", async () => {
  const oldProcessed = [await event("PROCESSED", daysAgo(40)), await event("PROCESSED", daysAgo(31))];
  const recent = await event("PROCESSED", daysAgo(29));
  const oldFailed = await event("FAILED", daysAgo(40));
  const oldUnprocessed = await event("RECEIVED", daysAgo(40));

  expect(await purgeProcessedEvents(db, 30, 1)).toBe(1);
  expect((await Promise.all(oldProcessed.map(exists))).filter(Boolean)).toHaveLength(1);
  expect(await purgeProcessedEvents(db, 30)).toBeGreaterThanOrEqual(1);
  for (const id of oldProcessed) expect(await exists(id)).toBe(false);
  for (const id of [recent, oldFailed, oldUnprocessed]) expect(await exists(id), id).toBe(true);

  // 0 keeps the log forever.
  const kept = await event("PROCESSED", daysAgo(400));
  expect(await purgeProcessedEvents(db, 0)).toBe(0);
  expect(await exists(kept)).toBe(true);
  await purgeProcessedEvents(db, 30);
});
