import type { Attachment } from "../platforms/types";

/**
 * Attachments Parley copies into its media store: the customer's and the agent's own files. Stories are
 * not stored (Meta forbids keeping them; they show until they expire); shares and reels are links to
 * someone else's post, not files of this conversation.
 */
const ARCHIVED: ReadonlySet<Attachment["type"]> = new Set(["image", "video", "audio", "file", "sticker"]);

export const isArchivable = (a: Pick<Attachment, "type">, hasSource: boolean) => hasSource && ARCHIVED.has(a.type);
