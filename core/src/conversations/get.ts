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
