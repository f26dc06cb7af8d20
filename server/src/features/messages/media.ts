import { Readable } from "node:stream";
import { accountToken } from "@parley/core/accounts/tokens";
import type { Db } from "@parley/core/db";
import { AppError, notFound } from "@parley/core/errors";
import { type GraphClient, GraphError } from "@parley/core/platforms/graph";
import type { Attachment } from "@parley/core/platforms/types";
import { downloadMedia } from "@parley/core/platforms/whatsapp/history";
import type { Response } from "express";

/**
 * Streams an attachment through the server: WhatsApp media by id with the account's token, Messenger and
 * Instagram CDN URLs as they are. The browser only ever talks to Parley and never sees a Meta token.
 */
export async function streamMedia(
  deps: { db: Db; graph: GraphClient },
  workspaceId: string,
  messageId: string,
  n: number,
  res: Response,
): Promise<void> {
  const msg = await deps.db.message.findFirst({
    where: { id: messageId, conversation: { workspaceId } },
    include: { account: true },
  });
  const att = msg ? (msg.attachments as Attachment[])[n] : undefined;
  if (!msg || !att || (!att.mediaId && !att.url)) throw notFound("Attachment");
  let upstream: Response | globalThis.Response;
  try {
    upstream = att.mediaId
      ? await downloadMedia(deps.graph, accountToken(msg.account), att.mediaId)
      : await fetchCdn(att.url!);
  } catch (e) {
    if (e instanceof GraphError && (e.status === 404 || e.kind === "invalid"))
      throw new AppError(410, "media_gone", "This attachment is no longer available from Meta");
    throw new AppError(502, "media_unavailable", "Could not fetch this attachment from Meta; try again");
  }
  const u = upstream as globalThis.Response;
  res.status(200);
  res.setHeader("Content-Type", u.headers.get("content-type") ?? att.mimeType ?? "application/octet-stream");
  const len = u.headers.get("content-length");
  if (len) res.setHeader("Content-Length", len);
  res.setHeader("Cache-Control", "private, max-age=300");
  // Customer media is untrusted content served from our origin: never let it run script or be sniffed.
  res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (att.filename)
    res.setHeader("Content-Disposition", `inline; filename="${att.filename.replace(/["\\\r\n]/g, "_")}"`);
  if (!u.body) return void res.end();
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(u.body as never)
      .on("error", reject)
      .pipe(res)
      .on("finish", resolve)
      .on("error", reject);
  });
}

async function fetchCdn(url: string): Promise<globalThis.Response> {
  if (!/^https?:\/\//.test(url)) throw new GraphError("not a URL", 404, 100, undefined, "invalid");
  const r = await fetch(url, { signal: AbortSignal.timeout(30_000), redirect: "follow" });
  if (r.status === 404 || r.status === 403 || r.status === 410)
    throw new GraphError("expired", 404, 100, undefined, "invalid");
  if (!r.ok) throw new GraphError(`CDN answered ${r.status}`, r.status, 2, undefined, "transient");
  return r;
}
