import { Readable } from "node:stream";
import type { OpenedMedia } from "@parley/core/messages/media";
import type { Response } from "express";

/** Streams an attachment core opened: the browser only ever talks to Parley and never sees a Meta token. */
export async function streamMedia(media: OpenedMedia, res: Response): Promise<void> {
  res.status(200);
  res.setHeader("Content-Type", media.contentType);
  if (media.length) res.setHeader("Content-Length", media.length);
  res.setHeader("Cache-Control", "private, max-age=300");
  // Customer media is untrusted content served from our origin: never let it run script or be sniffed.
  res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (media.filename)
    res.setHeader("Content-Disposition", `inline; filename="${media.filename.replace(/["\\\r\n]/g, "_")}"`);
  if (!media.body) return void res.end();
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(media.body as never)
      .on("error", reject)
      .pipe(res)
      .on("finish", resolve)
      .on("error", reject);
  });
}
