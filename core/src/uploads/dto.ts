import type { Upload } from "../db";
import { type SendKind, sendKindOf } from "../media/send-rules";

/** What POST /api/uploads answers: the id to send with, and what Parley found the file to be. */
export type UploadDto = { uploadId: string; filename: string; mimeType: string; size: number; kind: SendKind };

export const toUploadDto = (u: Upload): UploadDto => ({
  uploadId: u.id,
  filename: u.filename,
  mimeType: u.mimeType,
  size: u.size,
  kind: sendKindOf(u.mimeType),
});
