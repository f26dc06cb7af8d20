import type { Contact, Conversation, Db } from "../db";
import type { LabelDto } from "../labels/dto";
import { type ConversationDto, conversationInclude, toConversationDto } from "./dto";

export type LoadedConversation = { workspaceId: string; dto: ConversationDto };

/**
 * Complete DTOs for conversations already read with their contact (an apply's read-back: only the account
 * names, posts and labels are looked up) or named by id. Conversations whose account was deleted meanwhile are
 * left out.
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
  const rows = rowsOrIds as (Conversation & { contact: Contact })[];
  const accounts = await db.platformAccount.findMany({
    where: { id: { in: [...new Set(rows.map((c) => c.platformAccountId))] } },
    select: { id: true, name: true },
  });
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const postIds = [...new Set(rows.flatMap((c) => (c.postId ? [c.postId] : [])))];
  const posts = postIds.length ? await db.post.findMany({ where: { id: { in: postIds } } }) : [];
  const postById = new Map(posts.map((p) => [p.id, p]));
  const labelsOf = await labelsByConversation(
    db,
    rows.map((c) => c.id),
  );
  return rows.flatMap((c) => {
    const account = accountById.get(c.platformAccountId);
    const post = c.postId ? (postById.get(c.postId) ?? null) : null;
    const labels = labelsOf.get(c.id) ?? [];
    return account ? [{ workspaceId: c.workspaceId, dto: toConversationDto({ ...c, account, post, labels }) }] : [];
  });
}

async function labelsByConversation(db: Db, ids: string[]): Promise<Map<string, LabelDto[]>> {
  const links = await db.conversationLabel.findMany({
    where: { conversationId: { in: ids } },
    select: { conversationId: true, label: { select: { id: true, name: true, color: true } } },
  });
  const out = new Map<string, LabelDto[]>();
  for (const l of links) out.set(l.conversationId, [...(out.get(l.conversationId) ?? []), l.label]);
  return out;
}
