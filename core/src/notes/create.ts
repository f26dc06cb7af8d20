import type { Db } from "../db";
import { badRequest, notFound } from "../errors";
import type { MessageDto } from "../messages/dto";
import { loadMessageDtos } from "../messages/load";
import type { Announce } from "../realtime/announce";

type Deps = { db: Db; announce: Announce };
type Ctx = { workspaceId: string; userId: string };
export type NoteInput = { text: string; mentions?: string[] };

/**
 * A private note in a conversation's thread: stored as an INTERNAL message of kind "note" and announced like
 * any message, but never queued for sending, so Meta never sees it. It does not move the conversation in the
 * list (order, preview and unread count are the customer's). Mentions are teammates' user ids; each must be a
 * member of the workspace, so a note cannot reach (or probe for) anyone outside it.
 */
export async function createNote(deps: Deps, ctx: Ctx, conversationId: string, input: NoteInput): Promise<MessageDto> {
  const conv = await deps.db.conversation.findFirst({
    where: { id: conversationId, workspaceId: ctx.workspaceId },
    select: { id: true, platformAccountId: true },
  });
  if (!conv) throw notFound("Conversation");
  const mentions = [...new Set(input.mentions ?? [])];
  if (mentions.length) {
    const members = await deps.db.membership.count({
      where: { workspaceId: ctx.workspaceId, userId: { in: mentions } },
    });
    if (members !== mentions.length) {
      throw badRequest("Only members of this workspace can be mentioned", {
        mentions: "names someone who is not a member of this workspace",
      });
    }
  }
  const note = await deps.db.message.create({
    data: {
      conversationId: conv.id,
      platformAccountId: conv.platformAccountId,
      direction: "INTERNAL",
      kind: "note",
      text: input.text,
      status: "SENT",
      meta: mentions.length ? { mentions } : undefined,
      sentByUserId: ctx.userId,
      platformTimestamp: new Date(),
    },
  });
  await deps.announce({ created: [note.id] });
  const [dto] = await loadMessageDtos(deps.db, [note]);
  return dto;
}
