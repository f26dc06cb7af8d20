import type { OpenedMedia } from "@parley/core/messages/media";
import type { Response } from "express";

/** Types a browser would run or render as a document from our origin: only ever downloaded (issue #14). */
const ACTIVE_TYPE =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|[a-z]+\/[\w.+-]*\+xml|text\/javascript|application\/(x-)?javascript|application\/ecmascript|text\/ecmascript)\s*(;|$)/i;

export const isActiveType = (contentType: string) => ACTIVE_TYPE.test(contentType.trim());

/**
 * Streams an attachment core opened: the browser only ever talks to Parley and never sees a Meta token.
 * `cacheControl` for addresses that change when their content does (a versioned avatar) and may be kept longer.
 */
export async function streamMedia(
  media: OpenedMedia,
  res: Response,
  cacheControl = "private, max-age=300",
): Promise<void> {
  const active = isActiveType(media.contentType);
  res.status(200);
  res.setHeader("Content-Type", active ? "application/octet-stream" : media.contentType);
  if (media.length !== null) res.setHeader("Content-Length", String(media.length));
  res.setHeader("Cache-Control", cacheControl);
  // Customer media is untrusted content served from our origin: never let it run script or be sniffed.
  res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  res.setHeader("X-Content-Type-Options", "nosniff");
  const name = (media.filename ?? "attachment").replace(/["\\\r\n]/g, "_");
  if (active) res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
  else if (media.filename) res.setHeader("Content-Disposition", `inline; filename="${name}"`);
  if (!media.body) return void res.end();
  const body = media.body;
  await new Promise<void>((resolve, reject) => {
    body.on("error", (e) => {
      // Headers are gone already: cut the response so the browser sees a failed download, not a short file.
      res.destroy(e);
      reject(e);
    });
    body.pipe(res).on("finish", resolve).on("close", resolve).on("error", reject);
  });
}
