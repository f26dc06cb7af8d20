import { decodeCursor } from "@parley/core/conversations/cursor";
import { getConversation } from "@parley/core/conversations/get";
import { listConversations } from "@parley/core/conversations/list";
import { listMessages } from "@parley/core/conversations/thread";
import { agentTyping } from "@parley/core/conversations/typing";
import { markRead, updateConversation } from "@parley/core/conversations/update";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { listQuery, messagesQuery, patchBody, typingBody } from "./schemas";

/** The inbox: list, one conversation, its messages, mark read, typing, and status/assignee/labels (mounted at /api). */
export function conversationRoutes(deps: Deps): Router {
  const r = Router();
  const auth = requireAuth(deps.config.JWT_SECRET);

  r.get("/conversations", auth, async (req, res) => {
    const { userId, workspaceId } = authOf(req);
    const { assignee, cursor, ...query } = parse(listQuery, req.query);
    res.json(
      await listConversations(deps.db, workspaceId, {
        ...query,
        assigneeId: assignee === "me" ? userId : undefined,
        cursor: cursor ? decodeCursor(cursor) : undefined,
      }),
    );
  });

  r.get("/conversations/:id", auth, async (req, res) => {
    res.json(await getConversation(deps.db, authOf(req).workspaceId, idParam(req, "id", "Conversation")));
  });

  r.get("/conversations/:id/messages", auth, async (req, res) => {
    const { before, limit } = parse(messagesQuery, req.query);
    res.json(
      await listMessages(deps.db, authOf(req).workspaceId, idParam(req, "id", "Conversation"), {
        before: before ? decodeCursor(before, "before") : undefined,
        limit,
      }),
    );
  });

  r.post("/conversations/:id/read", auth, async (req, res) => {
    res.json(await markRead(deps, authOf(req).workspaceId, idParam(req, "id", "Conversation")));
  });

  // The composer calls this while an agent types; the customer sees "typing…" (throttled per conversation).
  r.post("/conversations/:id/typing", auth, async (req, res) => {
    parse(typingBody, req.body ?? {});
    res.json(
      await agentTyping({ ...deps, logger: req.log }, authOf(req).workspaceId, idParam(req, "id", "Conversation")),
    );
  });

  r.patch("/conversations/:id", auth, async (req, res) => {
    const id = idParam(req, "id", "Conversation");
    const { workspaceId, userId } = authOf(req);
    res.json(await updateConversation(deps, workspaceId, id, parse(patchBody, req.body ?? {}), userId));
  });

  return r;
}
