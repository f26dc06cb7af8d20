import { Readable } from "node:stream";
import { fileTypeFromBuffer } from "file-type";

/** Enough of a file for file-type to recognise every format it knows. */
const HEAD_BYTES = 4100;

// file-type's names for a few formats, in the spelling Meta's lists use.
const ALIASES: Record<string, string> = {
  "audio/x-m4a": "audio/mp4",
  "audio/x-wav": "audio/wav",
  "audio/vnd.wave": "audio/wav",
  "audio/opus": "audio/ogg",
  "video/vnd.avi": "video/x-msvideo",
  "video/x-m4v": "video/mp4",
};
// Old Office files are all one container (CFB): the name the browser gave says which.
const CFB = new Set(["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"]);

/**
 * What a file really is, from its first bytes (the browser's claim is only believed where the bytes cannot
 * tell: plain text, and which Office format a CFB container holds), and the whole file again as a stream.
 * Meta checks the bytes too: a PNG named .jpg is refused there, so it is refused here first.
 */
export async function sniffType(
  body: Readable,
  declared: string,
): Promise<{ mimeType: string; body: Readable; head: Buffer }> {
  const it = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(chunks);
  const found = await fileTypeFromBuffer(head);
  const claimed = declared.split(";")[0]!.trim().toLowerCase();
  let mimeType = found ? (ALIASES[found.mime.split(";")[0]!] ?? found.mime.split(";")[0]!) : "application/octet-stream";
  if (found?.mime === "application/x-cfb" && CFB.has(claimed)) mimeType = claimed;
  if (!found && claimed === "text/plain" && !head.includes(0)) mimeType = "text/plain";
  const rest = Readable.from(
    (async function* () {
      if (head.length) yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    })(),
  );
  return { mimeType, body: rest, head };
}
