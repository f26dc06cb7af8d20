import { createHash, randomUUID } from "node:crypto";
import { type Readable, Transform } from "node:stream";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { maxBytesFor, refusal } from "../media/send-rules";
import type { MediaStore } from "../media/store";
import { toUploadDto, type UploadDto } from "./dto";
import { sniffType } from "./sniff";

export type UploadDeps = { db: Db; store: MediaStore };
export type IncomingFile = { body: Readable; filename: string; declaredType: string };

const refused = (code: string, why: string) => new AppError(400, code, `The file ${why}`, { file: why });

class OverLimit extends Error {}

export const uploadKey = (workspaceId: string, uploadId: string) => `${workspaceId}/uploads/${uploadId}`;

/** A name safe to show and to hand to Meta: no path, no control characters, not too long. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return (clean || "file").slice(-200);
}

/**
 * Streams an agent's file into the media store and records it. The type comes from the bytes; the size is
 * counted on the way and the stream is cut as soon as it passes what any platform (or the conversation's
 * platform, when the upload is for one) takes, so an oversized file is never stored whole. The row is
 * written after the store has the complete object.
 */
export async function storeUpload(
  deps: UploadDeps,
  ctx: { workspaceId: string; userId: string; conversationId?: string },
  file: IncomingFile,
): Promise<UploadDto> {
  const platform = ctx.conversationId ? await platformOf(deps.db, ctx.workspaceId, ctx.conversationId) : undefined;
  const sniffed = await sniffType(file.body, file.declaredType);
  const typeRefusal = refusal(sniffed.mimeType, 0, platform);
  if (typeRefusal) {
    sniffed.body.destroy();
    throw refused("unsupported_file_type", typeRefusal);
  }
  const max = maxBytesFor(sniffed.mimeType, platform);
  const hash = createHash("sha256");
  let size = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(new OverLimit());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  sniffed.body.on("error", (e) => counted.destroy(e));
  const id = randomUUID();
  const key = uploadKey(ctx.workspaceId, id);
  try {
    await deps.store.put(key, sniffed.body.pipe(counted), sniffed.mimeType);
  } catch (e) {
    sniffed.body.destroy();
    if (e instanceof OverLimit || (e as Error).cause instanceof OverLimit)
      throw refused("file_too_large", refusal(sniffed.mimeType, size, platform) ?? "is too large");
    throw e;
  }
  if (size === 0) {
    await deps.store.delete([key]).catch(() => {});
    throw refused("empty_file", "is empty");
  }
  const row = await deps.db.upload.create({
    data: {
      id,
      workspaceId: ctx.workspaceId,
      userId: ctx.userId,
      key,
      filename: cleanFilename(file.filename),
      mimeType: sniffed.mimeType,
      size,
      sha256: hash.digest("hex"),
    },
  });
  return toUploadDto(row);
}

async function platformOf(db: Db, workspaceId: string, conversationId: string) {
  const conv = await db.conversation.findFirst({
    where: { id: conversationId, workspaceId },
    select: { platform: true },
  });
  if (!conv) throw notFound("Conversation");
  return conv.platform;
}
