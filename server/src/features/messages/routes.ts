import { AppError, notFound } from "@parley/core/errors";
import { createMediaStore } from "@parley/core/media/store";
import { openAttachment } from "@parley/core/messages/media";
import { queueReply, retryReply } from "@parley/core/outbox/compose";
import { conversationWindow } from "@parley/core/outbox/window";
import { GraphClient } from "@parley/core/platforms/graph";
import { type Request, Router } from "express";
import { z } from "zod";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { parse } from "../../http/validate";
import { streamMedia } from "./media";
import { sendBody } from "./schemas";

const uuid = z.uuid();
const idOf = (req: Request, name = "id", what = "Resource") => {
  const id = String(req.params[name]);
  if (!uuid.safeParse(id).success) throw notFound(what);
  return id;
};

/** Replies out (queued, window-checked, idempotent by clientId), retries, the reply window, and media. */
export function messageRoutes(deps: Deps): Router {
  const r = Router();
  const graph = new GraphClient({ baseUrl: deps.config.META_GRAPH_URL, appSecret: deps.config.META_APP_SECRET });
  const store = createMediaStore(deps.config);
  r.use(
    ["/conversations/:id/messages", "/conversations/:id/window", "/messages/:id"],
    requireAuth(deps.config.JWT_SECRET),
  );

  r.post("/conversations/:id/messages", async (req, res) => {
    const id = idOf(req, "id", "Conversation");
    const body = parse(sendBody, req.body);
    res.status(202).json(await queueReply(deps, authOf(req), id, body));
  });

  r.post("/messages/:id/retry", async (req, res) => {
    res.status(202).json(await retryReply(deps, authOf(req), idOf(req, "id", "Message")));
  });

  r.get("/conversations/:id/window", async (req, res) => {
    res.json(await conversationWindow(deps.db, authOf(req).workspaceId, idOf(req, "id", "Conversation")));
  });

  r.get("/messages/:id/media/:n", async (req, res) => {
    const n = Number(req.params.n);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new AppError(404, "not_found", "Attachment not found");
    const media = await openAttachment(
      { db: deps.db, store, graph, graphUrl: deps.config.META_GRAPH_URL },
      authOf(req).workspaceId,
      idOf(req, "id", "Message"),
      n,
    );
    await streamMedia(media, res);
  });

  return r;
}
