import type { Db, Prisma } from "../db";
import { badRequest } from "../errors";
import { nameOfPlatform, platformFromName, type WebhookPlatformName } from "../webhooks/platforms";

export type ListWebhookEventsQuery = {
  status?: "RECEIVED" | "PROCESSED" | "FAILED";
  platform?: WebhookPlatformName;
  limit: number;
  /** Opaque cursor from the previous page's nextCursor. */
  cursor?: string;
};

const PREVIEW_CHARS = 500;

export const summarySelect = {
  id: true,
  platform: true,
  status: true,
  attempts: true,
  error: true,
  receivedAt: true,
  processedAt: true,
} satisfies Prisma.WebhookEventSelect;
type EventSummary = Prisma.WebhookEventGetPayload<{ select: typeof summarySelect }>;

export const toWebhookEventDto = (e: EventSummary, payloadText: string | null) => ({
  id: e.id,
  platform: nameOfPlatform(e.platform),
  status: e.status,
  attempts: e.attempts,
  error: e.error,
  receivedAt: e.receivedAt.toISOString(),
  processedAt: e.processedAt?.toISOString() ?? null,
  /** The start of the body, enough to see what it was; payloads can be megabytes. */
  preview: payloadText === null ? null : payloadText.slice(0, PREVIEW_CHARS),
});

const encodeCursor = (e: EventSummary) => Buffer.from(`${e.receivedAt.toISOString()}|${e.id}`).toString("base64url");
function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const receivedAt = new Date(at);
  if (!id || Number.isNaN(receivedAt.getTime()))
    throw badRequest("Invalid cursor", { cursor: "is not a valid cursor" });
  return { receivedAt, id };
}

/** The workspace's webhook events, newest first: the dead-letter view when filtered by FAILED. */
export async function listWebhookEvents(db: Db, workspaceId: string, q: ListWebhookEventsQuery) {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await db.webhookEvent.findMany({
    where: {
      workspaceId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.platform ? { platform: platformFromName(q.platform) } : {}),
      ...(after
        ? { OR: [{ receivedAt: { lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: { ...summarySelect, payload: true, rawBody: true },
  });
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((e) => toWebhookEventDto(e, e.payload !== null ? JSON.stringify(e.payload) : e.rawBody)),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}
