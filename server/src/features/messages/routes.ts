import { AppError } from "@parley/core/errors";
import { createMediaStore } from "@parley/core/media/store";
import { openAttachment } from "@parley/core/messages/media";
import { queueReply, retryReply } from "@parley/core/outbox/compose";
import { conversationWindow } from "@parley/core/outbox/window";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { streamMedia } from "./media";
import { sendBody } from "./schemas";

/** Replies out (queued, window-checked, idempotent by clientId), retries, the reply window, and media. */
export function messageRoutes(deps: Deps): Router {
  const r = Router();
  const store = createMediaStore(deps.config);
  r.use(
    ["/conversations/:id/messages", "/conversations/:id/window", "/messages/:id"],
    requireAuth(deps.config.JWT_SECRET),
  );

  r.post("/conversations/:id/messages", async (req, res) => {
    const id = idParam(req, "id", "Conversation");
    const body = parse(sendBody, req.body);
    res.status(202).json(await queueReply(deps, authOf(req), id, body));
  });

  r.post("/messages/:id/retry", async (req, res) => {
    res.status(202).json(await retryReply(deps, authOf(req), idParam(req, "id", "Message")));
  });

  r.get("/conversations/:id/window", async (req, res) => {
    res.json(await conversationWindow(deps.db, authOf(req).workspaceId, idParam(req, "id", "Conversation")));
  });

  r.get("/messages/:id/media/:n", async (req, res) => {
    const n = Number(req.params.n);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new AppError(404, "not_found", "Attachment not found");
    const media = await openAttachment(
      { db: deps.db, store, graph: deps.graph, graphUrl: deps.config.META_GRAPH_URL },
      authOf(req).workspaceId,
      idParam(req, "id", "Message"),
      n,
    );
    await streamMedia(media, res);
  });

  return r;
}
