import { createHash } from "node:crypto";
import { avatarSvg } from "./art/avatar";
import { photoSvg, storySvg } from "./art/photos";
import { snapshotPng } from "./art/png";
import { stickerSvg } from "./art/sticker";

/** Small but real files, so a download can be checked end to end (mime type, size, sha256). */
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const filler = (magic: string, size: number) => Buffer.concat([Buffer.from(magic, "latin1"), Buffer.alloc(size, 7)]);

export type MediaKind = "image" | "video" | "audio" | "file" | "sticker";
export const SAMPLE: Record<MediaKind, { mimeType: string; ext: string; bytes: Buffer; filename: string }> = {
  image: { mimeType: "image/png", ext: "png", bytes: snapshotPng("0"), filename: "photo.png" },
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

/** WhatsApp image bytes for a media id: one of a few real PNG snapshots, so chats do not all show the same photo. */
export const whatsappImage = (mediaId: string) =>
  snapshotPng(String(createHash("sha1").update(mediaId).digest()[0]! % 6));

const SVG = "image/svg+xml";
/**
 * What Meta's CDN serves for a path: drawn avatars, photos, stories and stickers (SVG, so they stay tiny and
 * vary by id), the fixed sample files for everything else.
 */
export function cdnFile(kind: string, file: string): { mimeType: string; bytes: Buffer | string } {
  const stem = file.replace(/\.[^.]*$/, "");
  if (kind === "image" && /^(profile|ig|avatar)-/.test(stem)) return { mimeType: SVG, bytes: avatarSvg(stem) };
  // Post and media pictures are photos as Meta serves them (JPEG/PNG), so an archived one shows as an image.
  if (kind === "image" && stem.startsWith("post-"))
    return { mimeType: "image/png", bytes: snapshotPng(String(createHash("sha1").update(stem).digest()[0]! % 6)) };
  if (kind === "image" || kind === "share") return { mimeType: SVG, bytes: photoSvg(stem) };
  if (kind === "story") return { mimeType: SVG, bytes: storySvg(stem) };
  if (kind === "sticker") return { mimeType: SVG, bytes: stickerSvg(stem) };
  return sampleFor(file);
}
