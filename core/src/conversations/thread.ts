import type { Db, Message } from "../db";
import { notFound } from "../errors";
import { type MessageDto, type ReplyTarget, toMessageDto } from "../messages/dto";
import { encodeCursor, type Keyset } from "./cursor";
import type { Page } from "./list";
import { threadSql } from "./sql";

type ThreadRow = Message & { reply: ReplyTarget | null; sender: { id: string; name: string } | null };
/** The one row a conversation without (more) messages answers with. */
type NoMessages = { id: null };

/**
 * One page of a thread: the `limit` messages just older than `before` (the latest when absent), returned
 * oldest→newest; nextCursor points further back. Replies carry the text and kind of what they quote when
 * that message is stored.
 */
export async function listMessages(
  db: Db,
  workspaceId: string,
  conversationId: string,
  opts: { before?: Keyset; limit: number },
): Promise<Page<MessageDto>> {
  const found = await db.$queryRaw<(ThreadRow | NoMessages)[]>(
    threadSql(workspaceId, conversationId, opts.before, opts.limit + 1),
  );
  if (!found.length) throw notFound("Conversation");
  const rows = found.filter((r): r is ThreadRow => r.id !== null);
  const page = rows.slice(0, opts.limit);
  const oldest = page.at(-1);
  return {
    items: page.toReversed().map(({ reply, sender, ...m }) => toMessageDto(m, { replyTo: reply, sentBy: sender })),
    nextCursor:
      rows.length > opts.limit && oldest ? encodeCursor({ at: oldest.platformTimestamp, id: oldest.id }) : null,
  };
}
