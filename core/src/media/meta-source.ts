import type { Readable } from "node:stream";
import { accountToken } from "../accounts/tokens";
import type { PlatformAccount } from "../db";
import { type GraphClient, GraphError } from "../platforms/graph";
import type { Attachment } from "../platforms/types";
import { whatsappMediaUrl } from "../platforms/whatsapp/history";
import { metaMediaPolicy } from "./hosts";
import { mediaLimit } from "./limits";
import { openRemote } from "./safe-fetch";

export type SourceDeps = { graph: GraphClient; graphUrl: string };
export type OpenedSource = { body: Readable; contentType: string | undefined; length: number | undefined };

/**
 * An inbound attachment's bytes at Meta: WhatsApp media by id (Graph lookup, then the media URL with the
 * account's token), Messenger and Instagram CDN URLs as they are; only from Meta's hosts (see hosts.ts).
 * GraphError "invalid" when Meta no longer has it, "transient" when Meta did not answer properly.
 */
export async function openFromMeta(
  deps: SourceDeps,
  account: PlatformAccount,
  att: Attachment,
  opts: { timeoutMs?: number } = {},
): Promise<OpenedSource> {
  let url = att.url;
  let headers: Record<string, string> = {};
  if (att.mediaId) {
    const token = accountToken(account);
    url = await whatsappMediaUrl(deps.graph, token, att.mediaId);
    headers = { Authorization: `Bearer ${token}` };
  }
  if (!url) throw new GraphError("no media URL", 404, 100, undefined, "invalid");
  const res = await openRemote(url, metaMediaPolicy(deps.graphUrl), {
    headers,
    maxBytes: mediaLimit(account.platform, att.type),
    timeoutMs: opts.timeoutMs,
  });
  if (res.status < 200 || res.status > 299) {
    res.body.destroy();
    if ([401, 403, 404, 410].includes(res.status))
      throw new GraphError(`Meta answered ${res.status}`, 404, 100, undefined, "invalid");
    throw new GraphError(`Meta answered ${res.status}`, res.status, 2, undefined, "transient");
  }
  const length = Number(res.headers["content-length"]);
  return {
    body: res.body,
    contentType: res.headers["content-type"],
    length: Number.isFinite(length) ? length : undefined,
  };
}
