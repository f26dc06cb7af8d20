import { notFound } from "@parley/core/errors";
import { Router } from "express";
import { z } from "zod";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";
import { parse } from "../../http/validate";
import { listWebhookEventsQuery } from "./schemas";
import { listWebhookEvents, replayWebhookEvent } from "./service";

const eventId = z.uuid();

/** Operator views for OWNER/ADMIN, always scoped to the caller's workspace. */
export function adminRoutes(deps: Deps): Router {
  const router = Router();
  router.use(requireAuth(deps.config.JWT_SECRET), requireRole("OWNER", "ADMIN"));

  router.get("/webhook-events", async (req, res) => {
    const query = parse(listWebhookEventsQuery, req.query);
    res.json(await listWebhookEvents(deps.db, authOf(req).workspaceId, query));
  });

  router.post("/webhook-events/:id/replay", async (req, res) => {
    const id = eventId.safeParse(req.params.id);
    if (!id.success) throw notFound("Webhook event");
    res.status(202).json(await replayWebhookEvent(deps, authOf(req).workspaceId, id.data));
  });

  return router;
}
