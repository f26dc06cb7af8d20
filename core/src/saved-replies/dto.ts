import type { SavedReply } from "../db";

/** The one JSON shape of a saved reply. The body keeps its {{variables}}: the composer fills them in. */
export type SavedReplyDto = {
  id: string;
  title: string;
  shortcut: string;
  body: string;
  updatedAt: string;
};

export const toSavedReplyDto = (r: SavedReply): SavedReplyDto => ({
  id: r.id,
  title: r.title,
  shortcut: r.shortcut,
  body: r.body,
  updatedAt: r.updatedAt.toISOString(),
});
