import type { Db } from "../db";
import { conflict, isUniqueViolation, notFound } from "../errors";
import { type SavedReplyDto, toSavedReplyDto } from "./dto";

export type SavedReplyInput = { title: string; shortcut: string; body: string };

const taken = () =>
  conflict("Another saved reply has this shortcut", "shortcut_taken", { shortcut: "is already used" });

export async function listSavedReplies(db: Db, workspaceId: string): Promise<SavedReplyDto[]> {
  const rows = await db.savedReply.findMany({ where: { workspaceId }, orderBy: { shortcut: "asc" } });
  return rows.map(toSavedReplyDto);
}

export async function createSavedReply(db: Db, workspaceId: string, input: SavedReplyInput): Promise<SavedReplyDto> {
  try {
    return toSavedReplyDto(await db.savedReply.create({ data: { workspaceId, ...input } }));
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}

export async function updateSavedReply(
  db: Db,
  workspaceId: string,
  id: string,
  change: Partial<SavedReplyInput>,
): Promise<SavedReplyDto> {
  try {
    const { count } = await db.savedReply.updateMany({ where: { id, workspaceId }, data: change });
    if (!count) throw notFound("Saved reply");
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
  return toSavedReplyDto(await db.savedReply.findUniqueOrThrow({ where: { id } }));
}

export async function deleteSavedReply(db: Db, workspaceId: string, id: string): Promise<void> {
  const { count } = await db.savedReply.deleteMany({ where: { id, workspaceId } });
  if (!count) throw notFound("Saved reply");
}
