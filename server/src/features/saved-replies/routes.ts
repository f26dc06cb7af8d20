import {
  createSavedReply,
  deleteSavedReply,
  listSavedReplies,
  updateSavedReply,
} from "@parley/core/saved-replies/manage";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { createBody, patchBody } from "./schemas";

/** The workspace's saved replies: every member uses and manages them (mounted at /api/saved-replies). */
export function savedReplyRoutes(deps: Deps): Router {
  const r = Router();
  r.use(requireAuth(deps.config.JWT_SECRET));

  r.get("/", async (req, res) => {
    res.json(await listSavedReplies(deps.db, authOf(req).workspaceId));
  });

  r.post("/", async (req, res) => {
    res.status(201).json(await createSavedReply(deps.db, authOf(req).workspaceId, parse(createBody, req.body ?? {})));
  });

  r.patch("/:id", async (req, res) => {
    const id = idParam(req, "id", "Saved reply");
    res.json(await updateSavedReply(deps.db, authOf(req).workspaceId, id, parse(patchBody, req.body ?? {})));
  });

  r.delete("/:id", async (req, res) => {
    await deleteSavedReply(deps.db, authOf(req).workspaceId, idParam(req, "id", "Saved reply"));
    res.status(204).end();
  });
  return r;
}
