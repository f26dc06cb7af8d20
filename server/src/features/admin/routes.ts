import { replayWebhookEvent } from "@parley/core/admin/replay-webhook-event";
import { listWebhookEvents } from "@parley/core/admin/webhook-events";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { listWebhookEventsQuery } from "./schemas";

/** Operator views for OWNER/ADMIN, always scoped to the caller's workspace. */
export function adminRoutes(deps: Deps): Router {
  const router = Router();
  router.use(requireAuth(deps.config.JWT_SECRET), requireRole("OWNER", "ADMIN"));

  router.get("/webhook-events", async (req, res) => {
    const query = parse(listWebhookEventsQuery, req.query);
    res.json(await listWebhookEvents(deps.db, authOf(req).workspaceId, query));
  });

  router.post("/webhook-events/:id/replay", async (req, res) => {
    const id = idParam(req, "id", "Webhook event");
    res.status(202).json(await replayWebhookEvent(deps, authOf(req).workspaceId, id));
  });

  return router;
}
