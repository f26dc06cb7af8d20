import { createNote } from "@parley/core/notes/create";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { noteBody } from "./schemas";

/** Private notes between agents in a conversation's thread (mounted at /api). */
export function noteRoutes(deps: Deps): Router {
  const r = Router();
  r.post("/conversations/:id/notes", requireAuth(deps.config.JWT_SECRET), async (req, res) => {
    const id = idParam(req, "id", "Conversation");
    res.status(201).json(await createNote(deps, authOf(req), id, parse(noteBody, req.body)));
  });
  return r;
}
