import { createHash } from "node:crypto";

/** Small but real files, so a download can be checked end to end (mime type, size, sha256). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const filler = (magic: string, size: number) => Buffer.concat([Buffer.from(magic, "latin1"), Buffer.alloc(size, 7)]);

export type MediaKind = "image" | "video" | "audio" | "file" | "sticker";
export const SAMPLE: Record<MediaKind, { mimeType: string; ext: string; bytes: Buffer; filename: string }> = {
  image: { mimeType: "image/png", ext: "png", bytes: PNG, filename: "photo.png" },
  sticker: {
    mimeType: "image/webp",
    ext: "webp",
    bytes: Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 ")]),
    filename: "sticker.webp",
  },
  video: { mimeType: "video/mp4", ext: "mp4", bytes: filler("\0\0\0\x18ftypmp42", 2048), filename: "clip.mp4" },
  audio: { mimeType: "audio/ogg", ext: "ogg", bytes: filler("OggS", 1024), filename: "voice.ogg" },
  file: { mimeType: "application/pdf", ext: "pdf", bytes: PDF, filename: "invoice.pdf" },
};

export const sha256b64 = (b: Buffer) => createHash("sha256").update(b).digest("base64");

export function sampleFor(path: string): { mimeType: string; bytes: Buffer } {
  const ext = path.split(".").pop();
  const s = Object.values(SAMPLE).find((x) => x.ext === ext) ?? SAMPLE.image;
  return { mimeType: s.mimeType, bytes: s.bytes };
}
