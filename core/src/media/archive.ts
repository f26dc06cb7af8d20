import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import type { Db } from "../db";
import { GraphError } from "../platforms/graph";
import type { Attachment } from "../platforms/types";
import { isArchivable } from "./archivable";
import { publicHttpsPolicy } from "./hosts";
import { mediaLimit } from "./limits";
import { type OpenedSource, openFromMeta, type SourceDeps } from "./meta-source";
import { BlockedUrlError, openRemote, TooLargeError } from "./safe-fetch";
import type { MediaStore } from "./store";

export type ArchiveDeps = { db: Db; store: MediaStore } & SourceDeps;
export type ArchiveOutcome = "stored" | "already" | "skipped";

/** This attachment can never be archived (gone at Meta, not an allowed address, too large): do not retry. */
export class PermanentArchiveError extends Error {}

/** A whole file may take a while (100 MB WhatsApp documents); a viewer's fetch keeps the fetcher's 30 s. */
const ARCHIVE_TIMEOUT_MS = 10 * 60_000;

export const mediaKey = (workspaceId: string, messageId: string, index: number) =>
  `${workspaceId}/${messageId}/${index}`;

/**
 * Copies one attachment into the media store, streaming (hashed and counted on the way, never held whole in
 * memory). The StoredMedia row is written only after the store has the complete object, so a row always
 * means a whole file; a run killed part-way leaves no row and the next attempt starts the file again.
 * Inbound media comes from Meta's hosts only; an agent's attachment from its public https URL, checked again
 * here and pinned to the checked address.
 */
export async function archiveAttachment(deps: ArchiveDeps, messageId: string, index: number): Promise<ArchiveOutcome> {
  const msg = await deps.db.message.findUnique({
    where: { id: messageId },
    include: { account: true, conversation: { select: { workspaceId: true } } },
  });
  const att = msg ? (msg.attachments as Attachment[])[index] : undefined;
  if (!msg || msg.deletedAt || !att || !isArchivable(att, Boolean(att.url || att.mediaId || att.uploadId)))
    return "skipped";
  if (await deps.db.storedMedia.findUnique({ where: { messageId_index: { messageId, index } } })) return "already";

  let src: OpenedSource;
  try {
    src =
      msg.clientId !== null
        ? await openAgentUrl(att, msg.account.platform)
        : await openFromMeta(deps, msg.account, att, { timeoutMs: ARCHIVE_TIMEOUT_MS });
  } catch (e) {
    if (e instanceof BlockedUrlError || e instanceof TooLargeError) throw new PermanentArchiveError(e.message);
    if (e instanceof GraphError && e.kind === "invalid") throw new PermanentArchiveError(e.message);
    throw e;
  }
  const hash = createHash("sha256");
  let size = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  src.body.on("error", (e) => counted.destroy(e));
  const mimeType = (src.contentType ?? att.mimeType ?? "application/octet-stream").split(";")[0]!.trim();
  const key = mediaKey(msg.conversation.workspaceId, messageId, index);
  try {
    await deps.store.put(key, src.body.pipe(counted), mimeType);
  } catch (e) {
    src.body.destroy();
    if (e instanceof TooLargeError || (e as Error).cause instanceof TooLargeError)
      throw new PermanentArchiveError((e as Error).message);
    throw e;
  }
  const row = { key, sha256: hash.digest("hex"), size, mimeType };
  await deps.db.storedMedia.upsert({
    where: { messageId_index: { messageId, index } },
    create: { messageId, index, ...row },
    update: row,
  });
  return "stored";
}

async function openAgentUrl(att: Attachment, platform: Parameters<typeof mediaLimit>[0]): Promise<OpenedSource> {
  if (!att.url) throw new BlockedUrlError("no URL");
  const res = await openRemote(att.url, publicHttpsPolicy, {
    maxBytes: mediaLimit(platform, att.type),
    timeoutMs: ARCHIVE_TIMEOUT_MS,
  });
  if (res.status < 200 || res.status > 299) {
    res.body.destroy();
    if (res.status >= 400 && res.status < 500)
      throw new GraphError(`answered ${res.status}`, 404, 100, undefined, "invalid");
    throw new Error(`answered ${res.status}`);
  }
  const length = Number(res.headers["content-length"]);
  return {
    body: res.body,
    contentType: res.headers["content-type"],
    length: Number.isFinite(length) ? length : undefined,
  };
}
