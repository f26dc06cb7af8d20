import type { Db } from "../db";

/** Seconds since the oldest webhook event still waiting to be processed arrived (0 when none waits). */
export async function oldestWaitingWebhookAge(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ age: number | null }[]>`
    SELECT EXTRACT(EPOCH FROM now() - min("receivedAt"))::float AS age FROM "WebhookEvent" WHERE status = 'RECEIVED'`;
  return rows[0]?.age ?? 0;
}
