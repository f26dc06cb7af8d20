import type { Readable } from "node:stream";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { openFromMeta, type SourceDeps } from "../media/meta-source";
import { BlockedUrlError, TooLargeError } from "../media/safe-fetch";
import { type MediaStore, MediaStoreError } from "../media/store";
import { GraphError } from "../platforms/graph";
import type { Attachment } from "../platforms/types";

export type OpenedMedia = {
  body: Readable | null;
  contentType: string;
  length: number | null;
  filename?: string;
};

const unavailable = (why: string) =>
  new AppError(503, "media_unavailable", `This attachment is unavailable right now (${why}); try again`, undefined, {
    "Retry-After": "5",
  });

/**
 * An attachment's bytes for the browser: from Parley's media store once archived (see media/archive.ts),
 * until then from Meta through the host-checked fetcher. An attachment an agent sent from Parley is never
 * fetched by its URL here: that URL came from a person, not from Meta. 410 when Meta no longer has it (or its
 * address is not Meta's), 502 when Meta did not answer, 503 when the store cannot be read (the message and
 * its archived file stay as they are; the viewer retries).
 */
export async function openAttachment(
  deps: { db: Db; store: MediaStore } & SourceDeps,
  workspaceId: string,
  messageId: string,
  n: number,
): Promise<OpenedMedia> {
  const msg = await deps.db.message.findFirst({
    where: { id: messageId, conversation: { workspaceId } },
    include: { account: true },
  });
  const att = msg ? (msg.attachments as Attachment[])[n] : undefined;
  if (!msg || !att || (!att.mediaId && !att.url && !att.uploadId)) throw notFound("Attachment");
  const stored = await deps.db.storedMedia.findUnique({ where: { messageId_index: { messageId, index: n } } });
  if (stored) {
    try {
      const { body, size } = await deps.store.get(stored.key);
      return { body, contentType: stored.mimeType, length: size, filename: att.filename };
    } catch (e) {
      if (e instanceof MediaStoreError) throw unavailable("the media store could not be read");
      throw e;
    }
  }
  if (msg.clientId !== null) throw unavailable("it is still being archived");
  try {
    const src = await openFromMeta(deps, msg.account, att);
    return {
      body: src.body,
      contentType: src.contentType ?? att.mimeType ?? "application/octet-stream",
      length: src.length ?? null,
      filename: att.filename,
    };
  } catch (e) {
    if (e instanceof BlockedUrlError)
      throw new AppError(410, "media_gone", "This attachment's address is not one Parley fetches from");
    if (e instanceof TooLargeError) throw new AppError(413, "media_too_large", "This attachment is too large");
    if (e instanceof GraphError && (e.status === 404 || e.kind === "invalid"))
      throw new AppError(410, "media_gone", "This attachment is no longer available from Meta");
    throw new AppError(502, "media_unavailable", "Could not fetch this attachment from Meta; try again");
  }
}
