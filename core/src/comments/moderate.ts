import { accountToken } from "../accounts/tokens";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import type { MessageDto } from "../messages/dto";
import { loadMessageDtos } from "../messages/load";
import { failureReason } from "../outbox/reasons";
import { deleteComment, likeComment, setCommentHidden } from "../platforms/comments";
import type { GraphClient } from "../platforms/graph";
import type { Announce } from "../realtime/announce";

export type ModerationAction = "hide" | "unhide" | "like" | "delete";
type Deps = { db: Db; graph: GraphClient; announce: Announce };
type Ctx = { workspaceId: string; userId: string };

const refuse = (message: string) => new AppError(422, "not_allowed", message);

/**
 * Hides, unhides, likes or deletes a comment on Meta, then records it on the comment ("hidden by Maya") and
 * tells every viewer. Meta's rules are checked first, so the agent reads why instead of Meta's error:
 * Instagram has no like, and an Instagram account deletes only its own comments (others' it can hide).
 */
export async function moderateComment(
  deps: Deps,
  ctx: Ctx,
  messageId: string,
  action: ModerationAction,
): Promise<MessageDto> {
  const m = await deps.db.message.findFirst({
    where: { id: messageId, conversation: { workspaceId: ctx.workspaceId } },
    include: { account: true },
  });
  if (!m) throw notFound("Message");
  if (m.kind !== "comment" || !m.externalId) throw refuse("Only a comment that reached Meta can be moderated.");
  if (m.deletedAt) throw refuse("This comment was removed.");
  const instagram = m.account.platform === "INSTAGRAM";
  if (action === "like" && instagram) throw refuse("Instagram does not let accounts like comments through its API.");
  if (action === "delete" && instagram && m.direction === "IN")
    throw refuse("Instagram only lets the account delete its own comments; hide this one instead.");
  if ((action === "hide" || action === "unhide") && m.direction === "OUT")
    throw refuse("Your own comments cannot be hidden; delete it instead.");

  try {
    const token = accountToken(m.account);
    if (action === "like") await likeComment(deps.graph, token, m.externalId);
    else if (action === "delete") await deleteComment(deps.graph, token, m.externalId);
    else await setCommentHidden(deps.graph, token, m.account.platform, m.externalId, action === "hide");
  } catch (e) {
    throw new AppError(502, "meta_refused", failureReason(e).message);
  }
  const user = await deps.db.user.findUnique({ where: { id: ctx.userId }, select: { name: true } });
  const now = new Date();
  const updated = await deps.db.message.update({
    where: { id: m.id },
    data:
      action === "hide"
        ? { hiddenAt: now, hiddenBy: user?.name ?? null, hiddenChangedAt: now }
        : action === "unhide"
          ? { hiddenAt: null, hiddenBy: null, hiddenChangedAt: now }
          : action === "like"
            ? { likedAt: now }
            : { deletedAt: now, text: null },
  });
  // The answer is this action's result, read before Meta's own webhook for it can land and be applied.
  const [dto] = await loadMessageDtos(deps.db, [updated]);
  await deps.announce({ updated: [m.id] });
  return dto;
}
