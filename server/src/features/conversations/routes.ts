import { changeConversations } from "@parley/core/conversations/change";
import { decodeCursor, decodeListCursor } from "@parley/core/conversations/cursor";
import { getConversation, getConversations } from "@parley/core/conversations/get";
import { listConversations } from "@parley/core/conversations/list";
import { listMessages } from "@parley/core/conversations/thread";
import { agentTyping } from "@parley/core/conversations/typing";
import { markRead, updateConversation } from "@parley/core/conversations/update";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { bulkChange } from "./bulk-change";
import { bulkBody } from "./bulk-schemas";
import { listQuery, messagesQuery, patchBody, typingBody } from "./schemas";

/**
 * The inbox: list, one conversation, its messages, mark read, typing, status/assignee/priority/snooze/labels of one
 * conversation or many at once (mounted at /api).
 */
export function conversationRoutes(deps: Deps): Router {
  const r = Router();
  const auth = requireAuth(deps.config.JWT_SECRET);

  r.get("/conversations", auth, async (req, res) => {
    const { userId, workspaceId } = authOf(req);
    const { assignee, cursor, label, ...query } = parse(listQuery, req.query);
    res.json(
      await listConversations(deps.db, workspaceId, {
        ...query,
        labelId: label,
        assigneeId: assignee === "me" ? userId : undefined,
        cursor: cursor ? decodeListCursor(cursor, query.sort) : undefined,
      }),
    );
  });

  // One request, one transaction: every conversation changes or none does (a foreign id is a 404).
  r.post("/conversations/bulk", auth, async (req, res) => {
    const { workspaceId, userId } = authOf(req);
    const { ids, action } = parse(bulkBody, req.body ?? {});
    const unique = [...new Set(ids)];
    await changeConversations(deps, workspaceId, unique, bulkChange(action), userId);
    res.json({ items: await getConversations(deps.db, workspaceId, unique) });
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
