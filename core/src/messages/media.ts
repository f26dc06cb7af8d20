import { accountToken } from "../accounts/tokens";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { type GraphClient, GraphError } from "../platforms/graph";
import type { Attachment } from "../platforms/types";
import { downloadMedia } from "../platforms/whatsapp/history";

export type OpenedMedia = {
  body: ReadableStream | null;
  contentType: string;
  length: string | null;
  filename?: string;
};

/**
 * An attachment's bytes, fetched from Meta for the browser: WhatsApp media by id with the account's token,
 * Messenger and Instagram CDN URLs as they are. 410 when Meta no longer has it, 502 when Meta did not answer.
 */
export async function openAttachment(
  deps: { db: Db; graph: GraphClient },
  workspaceId: string,
  messageId: string,
  n: number,
): Promise<OpenedMedia> {
  const msg = await deps.db.message.findFirst({
    where: { id: messageId, conversation: { workspaceId } },
    include: { account: true },
  });
  const att = msg ? (msg.attachments as Attachment[])[n] : undefined;
  if (!msg || !att || (!att.mediaId && !att.url)) throw notFound("Attachment");
  let upstream: globalThis.Response;
  try {
    upstream = att.mediaId
      ? await downloadMedia(deps.graph, accountToken(msg.account), att.mediaId)
      : await fetchCdn(att.url!);
  } catch (e) {
    if (e instanceof GraphError && (e.status === 404 || e.kind === "invalid"))
      throw new AppError(410, "media_gone", "This attachment is no longer available from Meta");
    throw new AppError(502, "media_unavailable", "Could not fetch this attachment from Meta; try again");
  }
  return {
    body: upstream.body,
    contentType: upstream.headers.get("content-type") ?? att.mimeType ?? "application/octet-stream",
    length: upstream.headers.get("content-length"),
    filename: att.filename,
  };
}

async function fetchCdn(url: string): Promise<globalThis.Response> {
  if (!/^https?:\/\//.test(url)) throw new GraphError("not a URL", 404, 100, undefined, "invalid");
  const r = await fetch(url, { signal: AbortSignal.timeout(30_000), redirect: "follow" });
  if (r.status === 404 || r.status === 403 || r.status === 410)
    throw new GraphError("expired", 404, 100, undefined, "invalid");
  if (!r.ok) throw new GraphError(`CDN answered ${r.status}`, r.status, 2, undefined, "transient");
  return r;
}
