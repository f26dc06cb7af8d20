import type { Contact, Conversation, Db } from "../db";
import { type ConversationDto, type ConversationRow, conversationInclude, toConversationDto } from "./dto";
import { conversationRowsSql } from "./sql";

export type LoadedConversation = { workspaceId: string; dto: ConversationDto };

/**
 * Complete DTOs for conversations already read with their contact (an apply's read-back) or named by id.
 * Conversations whose account was deleted meanwhile are left out.
 */
export async function loadConversationDtos(
  db: Db,
  rowsOrIds: (Conversation & { contact: Contact })[] | string[],
): Promise<LoadedConversation[]> {
  if (rowsOrIds.length === 0) return [];
  if (typeof rowsOrIds[0] === "string") {
    const rows = await db.conversation.findMany({
      where: { id: { in: rowsOrIds as string[] } },
      include: conversationInclude,
    });
    return rows.map((c) => ({
      workspaceId: c.workspaceId,
      dto: toConversationDto({ ...c, labels: c.labels.map((l) => l.label) }),
    }));
  }
  // Rows in hand (an apply's read-back) name their workspace: each workspace's rows are completed in one
  // statement (contact, account, post and labels, as the list reads them) instead of a query per relation.
  const rows = rowsOrIds as (Conversation & { contact: Contact })[];
  const byWorkspace = new Map<string, string[]>();
  for (const c of rows) byWorkspace.set(c.workspaceId, [...(byWorkspace.get(c.workspaceId) ?? []), c.id]);
  const loaded = await Promise.all(
    [...byWorkspace].map(async ([workspaceId, ids]) =>
      (await db.$queryRaw<ConversationRow[]>(conversationRowsSql(workspaceId, ids))).map((c) => ({
        workspaceId,
        dto: toConversationDto(c),
      })),
    ),
  );
  return loaded.flat();
}
