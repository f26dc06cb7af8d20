import { AppError, notFound } from "@parley/core/errors";
import { queueReply, retryReply } from "@parley/core/outbox/compose";
import { loadMessageDto, publishConversation, publishMessage } from "@parley/core/outbox/publish";
import { replyWindow } from "@parley/core/outbox/window";
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
  const dto = async (id: string) => {
    const loaded = await loadMessageDto(deps.db, id);
    if (!loaded) throw notFound("Message");
    return loaded.dto;
  };
  r.use(
    ["/conversations/:id/messages", "/conversations/:id/window", "/messages/:id"],
    requireAuth(deps.config.JWT_SECRET),
  );

  r.post("/conversations/:id/messages", async (req, res) => {
    const id = idOf(req, "id", "Conversation");
    const body = parse(sendBody, req.body);
    const a = authOf(req);
    const { message, created } = await queueReply(deps, a, id, body);
    if (created) {
      await publishMessage(deps, message.id, "message.created");
      await publishConversation(deps, message.conversationId);
    }
    res.status(202).json(await dto(message.id));
  });

  r.post("/messages/:id/retry", async (req, res) => {
    const message = await retryReply(deps, authOf(req), idOf(req, "id", "Message"));
    await publishMessage(deps, message.id);
    res.status(202).json(await dto(message.id));
  });

  r.get("/conversations/:id/window", async (req, res) => {
    const conv = await deps.db.conversation.findFirst({
      where: { id: idOf(req, "id", "Conversation"), workspaceId: authOf(req).workspaceId },
    });
    if (!conv) throw notFound("Conversation");
    res.json(replyWindow(conv.platform, conv.lastInboundAt));
  });

  r.get("/messages/:id/media/:n", async (req, res) => {
    const n = Number(req.params.n);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new AppError(404, "not_found", "Attachment not found");
    await streamMedia({ db: deps.db, graph }, authOf(req).workspaceId, idOf(req, "id", "Message"), n, res);
  });

  return r;
}
