import type { Db, Message } from "../db";
import { type MessageDto, type ReplyTarget, type Sender, toMessageDto } from "./dto";

/**
 * Complete DTOs for messages already read (an apply's read-back) or named by id: the agents who sent them and
 * the messages they quote are looked up in one query each, and only when some message needs them.
 */
export async function loadMessageDtos(db: Db, rowsOrIds: Message[] | string[]): Promise<MessageDto[]> {
  if (rowsOrIds.length === 0) return [];
  const rows =
    typeof rowsOrIds[0] === "string"
      ? await db.message.findMany({
          where: { id: { in: rowsOrIds as string[] } },
          orderBy: [{ platformTimestamp: "asc" }, { id: "asc" }],
        })
      : (rowsOrIds as Message[]);
  const senderIds = [...new Set(rows.flatMap((m) => (m.sentByUserId ? [m.sentByUserId] : [])))];
  const quoted = rows.filter((m) => m.replyToExternalId);
  const [senders, replies] = await Promise.all([
    senderIds.length
      ? db.user.findMany({ where: { id: { in: senderIds } }, select: { id: true, name: true } })
      : ([] as Sender[]),
    quoted.length
      ? db.message.findMany({
          where: {
            OR: quoted.map((m) => ({ platformAccountId: m.platformAccountId, externalId: m.replyToExternalId })),
          },
          select: { id: true, text: true, kind: true, direction: true, platformAccountId: true, externalId: true },
        })
      : ([] as (ReplyTarget & { platformAccountId: string; externalId: string | null })[]),
  ]);
  const senderById = new Map(senders.map((u) => [u.id, u]));
  const replyByKey = new Map(replies.map((r) => [`${r.platformAccountId}:${r.externalId}`, r]));
  return rows.map((m) =>
    toMessageDto(m, {
      sentBy: m.sentByUserId ? senderById.get(m.sentByUserId) : null,
      replyTo: m.replyToExternalId ? replyByKey.get(`${m.platformAccountId}:${m.replyToExternalId}`) : null,
    }),
  );
}

/** One message as the API returns it, scoped to the workspace; null when it is not there. */
export async function loadMessageDto(db: Db, workspaceId: string, id: string): Promise<MessageDto | null> {
  const row = await db.message.findFirst({ where: { id, conversation: { workspaceId } } });
  return row ? ((await loadMessageDtos(db, [row]))[0] ?? null) : null;
}
