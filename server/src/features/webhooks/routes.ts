import { constantTimeEqual } from "@parley/core/crypto";
import type { Platform } from "@parley/core/db";
import { AppError, forbidden } from "@parley/core/errors";
import { platformFromName } from "@parley/core/webhooks/platforms";
import { type RequestHandler, Router } from "express";
import type { Deps } from "../../deps";
import type { WebhookAccept } from "./accept";

const knownPlatform: RequestHandler = (req, res, next) => {
  const platform = platformFromName(String(req.params.platform));
  if (!platform) return next(new AppError(404, "not_found", `Unknown webhook platform ${req.params.platform}`));
  res.locals.platform = platform;
  next();
};

/**
 * Meta's verify handshake, and its deliveries when they come through Express (tests, supertest); the server
 * normally hands deliveries to `accept` before Express sees them. Mounted before the JSON parser: the
 * signature is over the raw bytes.
 */
export function webhookRoutes(deps: Deps, accept: WebhookAccept): Router {
  const router = Router();

  router.get("/:platform", knownPlatform, (req, res, next) => {
    const q = req.query;
    const token = q["hub.verify_token"];
    // Constant time: how long a refusal takes says nothing about how much of the token was right.
    const matches = typeof token === "string" && constantTimeEqual(token, deps.config.META_VERIFY_TOKEN);
    if (q["hub.mode"] === "subscribe" && matches) {
      res.type("text/plain").send(String(q["hub.challenge"] ?? ""));
      return;
    }
    next(forbidden("Verify token does not match", "bad_verify_token"));
  });

  router.post("/:platform", knownPlatform, (req, res) => accept.handle(req, res, res.locals.platform as Platform));

  return router;
}
