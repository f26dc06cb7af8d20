import type { IncomingMessage, ServerResponse } from "node:http";
import type { Platform } from "@parley/core/db";
import { AppError, unauthorized } from "@parley/core/errors";
import { logger } from "@parley/core/logger";
import { httpDuration, webhookRejected } from "@parley/core/metrics";
import { createIngest } from "@parley/core/webhooks/ingest";
import { platformFromName } from "@parley/core/webhooks/platforms";
import getRawBody from "raw-body";
import type { Deps } from "../../deps";
import { sendError, toAppError } from "../../http/errors";
import { sampledRefusalLog } from "./refusal-log";

/** WhatsApp payloads reach 3 MB; anything over 4 MB is refused before it is read. */
const BODY_LIMIT = 4 * 1024 * 1024;
const ROUTE = "/api/webhooks/:platform";
const PATH = /^\/api\/webhooks\/([^/?]+)\/?(?:\?|$)/;
const RECEIVED = { "content-type": "text/plain; charset=utf-8" };
/** The only shape Meta sends: an HMAC-SHA256 in hex. Anything else cannot verify, whatever the body. */
const SIGNATURE = /^sha256=[0-9a-fA-F]{64}$/;

export type WebhookAccept = {
  /** The platform of a webhook POST this handler takes (path /api/webhooks/<known platform>), else undefined. */
  platformOf(req: IncomingMessage): Platform | undefined;
  /** Reads, verifies and stores one delivery, then answers; never throws (errors are answered). */
  handle(req: IncomingMessage, res: ServerResponse, platform: Platform): Promise<void>;
};

/**
 * POST /api/webhooks/:platform on node's own request and response, without Express's API, so the server can
 * hand Meta's deliveries to it ahead of Express (see app.ts): it is the one route that takes machine-scale
 * traffic, and Express's per-request machinery (routing, body parsing, response helpers) cost twice what
 * verifying the signature does. It answers in the API's one error shape, is timed in the HTTP histogram,
 * and logs refusals, since a run of 401s means a wrong app secret.
 */
export function createWebhookAccept(deps: Deps): WebhookAccept {
  const ingest = createIngest({ config: deps.config, db: deps.db, queues: deps.queues, logger });
  deps.drains.push(ingest.drain);
  const logRefusal = sampledRefusalLog(logger);

  const handle = async (req: IncomingMessage, res: ServerResponse, platform: Platform) => {
    const end = httpDuration.startTimer({ method: "POST", route: ROUTE });
    let reason = "";
    res.on("finish", () => {
      end({ status: String(res.statusCode) });
      if (res.statusCode >= 400) logRefusal(reason || String(res.statusCode), { platform, status: res.statusCode });
    });
    try {
      const signature = header(req, "x-hub-signature-256");
      // Refused on the headers alone: an unsigned POST costs neither reading 4 MB nor hashing it. The
      // connection closes instead of draining a body nobody will read.
      if (!signature || !SIGNATURE.test(signature)) {
        webhookRejected.inc({ platform, reason: "bad_signature" });
        res.setHeader("connection", "close");
        throw unauthorized(
          signature ? "Malformed X-Hub-Signature-256" : "Missing X-Hub-Signature-256",
          "bad_signature",
        );
      }
      const body = await readBody(req, platform);
      await ingest(platform, body, signature);
      res.writeHead(200, RECEIVED).end("EVENT_RECEIVED");
    } catch (err) {
      const e = toAppError(err, undefined);
      reason = e.code;
      sendError(res, e);
    }
  };

  return {
    platformOf: (req) => {
      if (req.method !== "POST") return undefined;
      const name = PATH.exec(req.url ?? "")?.[1];
      return name === undefined ? undefined : platformFromName(name);
    },
    handle,
  };
}

/** The whole body, or an error once what is left of it has been read off (so the connection can carry
 * Meta's next delivery). */
async function readBody(req: IncomingMessage, platform: Platform): Promise<Buffer> {
  try {
    const encoding = header(req, "content-encoding") ?? "identity";
    // Meta signs and sends the JSON as is; a compressed body would not match its signature anyway.
    if (encoding.toLowerCase() !== "identity")
      throw new AppError(415, "unsupported_encoding", `Content-Encoding ${encoding} is not accepted`);
    return await getRawBody(req, { limit: BODY_LIMIT, length: header(req, "content-length") });
  } catch (err) {
    await discard(req);
    const e = err as { type?: string; message?: string };
    if (e.type === "entity.too.large") webhookRejected.inc({ platform, reason: "too_large" });
    else if (!(err instanceof AppError))
      throw new AppError(400, "unreadable_body", `Request body could not be read (${e.message})`);
    throw err;
  }
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function discard(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.once("end", resolve).once("close", resolve).once("error", resolve);
    req.resume();
  });
}
