import { createHash } from "node:crypto";
import busboy from "busboy";
import type { Request, Response, Router } from "express";
import { mediaId } from "../ids";
import type { SimCore } from "../simulator";
import type { Media } from "../state";
import { authenticate, canAccess, noObject } from "./auth";
import { graphError } from "./errors";

const MB = 1024 * 1024;

/** The types WhatsApp's media upload takes, in the order its error message lists them. */
export const WHATSAPP_UPLOAD_TYPES = [
  "audio/aac",
  "audio/mp4",
  "audio/mpeg",
  "audio/amr",
  "audio/ogg",
  "audio/opus",
  "application/vnd.ms-powerpoint",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/pdf",
  "text/plain",
  "application/vnd.ms-excel",
  "image/jpeg",
  "image/png",
  "image/webp",
  "video/mp4",
  "video/3gpp",
];

/** WhatsApp's size limits by media type (images 5 MB, video and audio 16 MB, stickers 500 KB, documents 100 MB). */
export function whatsappMaxBytes(mimeType: string): number {
  if (mimeType === "image/webp") return MB / 2;
  if (mimeType.startsWith("image/")) return 5 * MB;
  if (mimeType.startsWith("video/") || mimeType.startsWith("audio/")) return 16 * MB;
  return 100 * MB;
}

/** Which message types a media id of this type can be sent as. */
export function whatsappMessageTypeFits(type: string, mimeType: string): boolean {
  if (type === "image") return mimeType === "image/jpeg" || mimeType === "image/png";
  if (type === "sticker") return mimeType === "image/webp";
  if (type === "video") return mimeType.startsWith("video/");
  if (type === "audio") return mimeType.startsWith("audio/");
  return type === "document";
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/**
 * WhatsApp Cloud API media upload: POST /{phone-number-id}/media, multipart with `messaging_product=whatsapp`,
 * `type` (the MIME type) and `file`. Answers {id}; the id can then be sent as image/video/audio/document. A type
 * outside WhatsApp's list is refused with Meta's error 100 text; a file over its type's limit with 131053.
 */
export function mediaUploadRoutes(sim: SimCore, r: Router) {
  r.post("/:id/media", async (req: Request, res: Response) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    if (!sim.state.waNumbers.has(id)) throw noObject(id);
    if (!canAccess(sim, tok, id))
      throw graphError(200, { message: "(#200) You do not have permission to upload media to this phone number" });
    if (!req.is("multipart/form-data")) throw graphError(100, { message: "(#100) The parameter file is required." });
    const form = await readForm(req);
    if (form.fields.messaging_product !== "whatsapp")
      throw graphError(100, { message: "(#100) The parameter messaging_product is required." });
    if (!form.file) throw graphError(100, { message: "(#100) The parameter file is required." });
    const mimeType = (form.fields.type ?? form.file.mimeType).split(";")[0]!.trim();
    if (!WHATSAPP_UPLOAD_TYPES.includes(mimeType))
      throw graphError(100, {
        message: `(#100) Param file must be a file with one of the following types: ${WHATSAPP_UPLOAD_TYPES.join(", ")}. Received file of type '${mimeType}'.`,
      });
    const max = whatsappMaxBytes(mimeType);
    if (form.file.bytes.length > max)
      throw graphError(131053, {
        message: "(#131053) Media upload error",
        details: `Uploaded file is ${form.file.bytes.length} bytes, over the ${max} byte limit for ${mimeType}.`,
      });
    const media: Media = {
      id: mediaId(),
      mimeType,
      sha256: createHash("sha256").update(form.file.bytes).digest("base64"),
      bytes: form.file.bytes,
      phoneNumberId: id,
      filename: form.file.filename,
    };
    sim.state.media.set(media.id, media);
    res.json({ id: media.id });
  });
}

type Form = { fields: Record<string, string>; file?: { bytes: Buffer; mimeType: string; filename: string } };

/** Reads the whole form: the simulator keeps uploaded media in memory, as its stand-in for Meta's storage. */
function readForm(req: Request): Promise<Form> {
  return new Promise((resolve, reject) => {
    const form: Form = { fields: {} };
    const bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: 101 * MB } });
    bb.on("field", (name, value) => {
      form.fields[name] = value;
    });
    bb.on("file", (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        form.file = { bytes: Buffer.concat(chunks), mimeType: info.mimeType, filename: info.filename ?? "file" };
      });
    });
    bb.on("close", () => resolve(form));
    bb.on("error", () => reject(graphError(100, { message: "(#100) Invalid multipart body" })));
    req.pipe(bb);
  });
}

export type FetchedFile = { mimeType: string; size: number; sha256: string };

const MESSENGER_MAX: Record<string, number> = { image: 8 * MB, video: 25 * MB, audio: 25 * MB, file: 25 * MB };
const FETCH_TIMEOUT_MS = 10_000;

/**
 * What Messenger and Instagram do with `attachment.payload.url`: fetch it while answering the send. Meta refuses
 * the send when it cannot get the file (2018008), when the file is not of the attachment's type (2018047), or
 * when it is larger than the type allows (2018109).
 */
export async function fetchLinkedAttachment(sim: SimCore, type: string, url: string): Promise<FetchedFile> {
  const cantFetch = () =>
    graphError(100, { subcode: 2018008, message: "(#100) Failed to fetch the file from the url" });
  let res: globalThis.Response;
  try {
    const hosted = sim.internet.get(url);
    res = hosted
      ? new Response(new Uint8Array(hosted.bytes), { headers: { "content-type": hosted.contentType } })
      : await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
  } catch {
    throw cantFetch();
  }
  if (!res.ok || !res.body) throw cantFetch();
  const mimeType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const fits = type === "file" || mimeType.startsWith(`${type}/`);
  if (!fits) {
    await res.body.cancel().catch(() => {});
    throw graphError(100, { subcode: 2018047, message: "(#100) Upload attachment failure." });
  }
  const max = MESSENGER_MAX[type] ?? 25 * MB;
  const tooLarge = () =>
    graphError(100, { subcode: 2018109, message: "(#100) Attachment size exceeds allowable limit" });
  if (Number(res.headers.get("content-length") ?? 0) > max) {
    await res.body.cancel().catch(() => {});
    throw tooLarge();
  }
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > max) throw tooLarge();
    hash.update(chunk);
  }
  return { mimeType, size, sha256: hash.digest("hex") };
}

/** The file behind an uploaded WhatsApp media id, as the send names it; refused like Meta when it does not fit. */
export function uploadedMedia(sim: SimCore, phoneNumberId: string, type: string, id: string): FetchedFile {
  const media = sim.state.media.get(id);
  if (!media || media.phoneNumberId !== phoneNumberId)
    throw graphError(100, { message: "(#100) Invalid parameter", details: `Media id ${id} is not valid.` });
  if (!whatsappMessageTypeFits(type, media.mimeType))
    throw graphError(131053, {
      message: "(#131053) Media upload error",
      details: `Media of type ${media.mimeType} cannot be sent as ${type}.`,
    });
  return { mimeType: media.mimeType, size: media.bytes.length, sha256: sha256(media.bytes) };
}
