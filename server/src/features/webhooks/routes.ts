import type { Platform } from "@parley/core/db";
import { AppError, forbidden } from "@parley/core/errors";
import { logger } from "@parley/core/logger";
import { webhookRejected } from "@parley/core/metrics";
import { createIngest } from "@parley/core/webhooks/ingest";
import { platformFromName } from "@parley/core/webhooks/platforms";
import express, { type ErrorRequestHandler, type RequestHandler, Router } from "express";
import type { Deps } from "../../deps";

/** WhatsApp payloads reach 3 MB; anything over 4 MB is refused before it is read. */
const BODY_LIMIT = "4mb";

const knownPlatform: RequestHandler = (req, res, next) => {
  const platform = platformFromName(String(req.params.platform));
  if (!platform) return next(new AppError(404, "not_found", `Unknown webhook platform ${req.params.platform}`));
  res.locals.platform = platform;
  next();
};

/** Mounted before the JSON parser: the signature is over the raw bytes. */
export function webhookRoutes(deps: Deps): Router {
  const router = Router();
  const ingest = createIngest({ config: deps.config, db: deps.db, queues: deps.queues, logger });
  deps.drains.push(ingest.drain);

  router.get("/:platform", knownPlatform, (req, res, next) => {
    const q = req.query;
    if (q["hub.mode"] === "subscribe" && q["hub.verify_token"] === deps.config.META_VERIFY_TOKEN) {
      res.type("text/plain").send(String(q["hub.challenge"] ?? ""));
      return;
    }
    next(forbidden("Verify token does not match", "bad_verify_token"));
  });

  router.post("/:platform", knownPlatform, express.raw({ type: () => true, limit: BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    await ingest(res.locals.platform as Platform, body, req.get("x-hub-signature-256"));
    res.type("text/plain").send("EVENT_RECEIVED");
  });

  // Refused before ingest sees it (body over 4 MB): counted here, answered by the app's error handler.
  const countTooLarge: ErrorRequestHandler = (err, _req, res, next) => {
    if ((err as { type?: string })?.type === "entity.too.large" && res.locals.platform)
      webhookRejected.inc({ platform: res.locals.platform as Platform, reason: "too_large" });
    next(err);
  };
  router.use(countTooLarge);

  return router;
}
