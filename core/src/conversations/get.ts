import type { Db } from "../db";
import { notFound } from "../errors";
import { type ConversationDto, toConversationDto } from "./dto";
import { conversationRows } from "./list";

/** One conversation of the workspace as the API returns it; 404 for another workspace's id. */
export async function getConversation(db: Db, workspaceId: string, id: string): Promise<ConversationDto> {
  const [row] = await conversationRows(db, workspaceId, [id]);
  if (!row) throw notFound("Conversation");
  return toConversationDto(row);
}

/** Conversations of the workspace as the API returns them, in the order of `ids` (unknown ids left out). */
export async function getConversations(db: Db, workspaceId: string, ids: string[]): Promise<ConversationDto[]> {
  const byId = new Map((await conversationRows(db, workspaceId, ids)).map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toConversationDto(row)] : [];
  });
}
