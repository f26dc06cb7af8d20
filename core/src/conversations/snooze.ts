import { type Db, Prisma } from "../db";
import type { Queues } from "../queues";
import type { Announce } from "../realtime/announce";

// A snoozed conversation leaves the open list until its time (a delayed `wake-snoozed` job) or, snoozed
// "until_reply", until the customer writes: the inbound apply clears the snooze in the same statement that
// bumps the conversation (inbox/apply/steps/messages-sql.ts), so it reappears with that message.

type WakeQueue = Pick<Queues, "wake-snoozed">;

/** One job per conversation: snoozing again replaces the time, unsnoozing or resolving removes it. */
export const snoozeJobId = (conversationId: string) => `snooze-${conversationId}`;

/** Attempts are for a database that is briefly away; waking twice changes nothing. */
const WAKE_JOB = { attempts: 8, backoff: { type: "exponential", delay: 1000 } } as const;

/**
 * The wake-up for a snooze until `until`. A job still waiting from an earlier snooze is removed first (the same
 * id would otherwise be refused as a duplicate). One that is running right now cannot be removed; it wakes
 * nothing that is not due, and the minute's reconcile wakes any overdue snooze whose job was lost.
 */
export async function scheduleWake(queues: WakeQueue, conversationId: string, until: Date): Promise<void> {
  const q = queues["wake-snoozed"];
  const jobId = snoozeJobId(conversationId);
  await q.remove(jobId);
  await q.add(
    "wake-snoozed",
    { conversationId },
    { ...WAKE_JOB, jobId, delay: Math.max(0, until.getTime() - Date.now()) },
  );
}

export async function cancelWake(queues: WakeQueue, conversationId: string): Promise<void> {
  await queues["wake-snoozed"].remove(snoozeJobId(conversationId));
}

/**
 * Ends every snooze whose time has come (of the given conversations, or all of them) and announces those
 * conversations, which then reappear in the open list. Returns their ids. A snooze moved later, cleared or
 * "until reply" is not due, so a stale job does nothing.
 */
export async function wakeDueSnoozes(
  deps: { db: Db; announce: Announce },
  ids?: string[],
  now = new Date(),
): Promise<string[]> {
  const only = ids ? Prisma.sql`AND id = ANY(${ids}::uuid[])` : Prisma.empty;
  const woken = await deps.db.$queryRaw<{ id: string }[]>`
    UPDATE "Conversation" SET "snoozedAt" = NULL, "snoozedUntil" = NULL
    WHERE "snoozedUntil" <= ${now.toISOString()}::timestamp(3) ${only}
    RETURNING id`;
  const wokenIds = woken.map((r) => r.id);
  if (wokenIds.length) await deps.announce({ conversations: wokenIds });
  return wokenIds;
}
