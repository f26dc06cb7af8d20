import { createLabel, deleteLabel, listLabels, updateLabel } from "@parley/core/labels/manage";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { createBody, patchBody } from "./schemas";

/** The workspace's labels: every member uses and manages them, like saved replies (mounted at /api/labels). */
export function labelRoutes(deps: Deps): Router {
  const r = Router();
  r.use(requireAuth(deps.config.JWT_SECRET));

  r.get("/", async (req, res) => {
    res.json(await listLabels(deps.db, authOf(req).workspaceId));
  });

  r.post("/", async (req, res) => {
    res.status(201).json(await createLabel(deps, authOf(req).workspaceId, parse(createBody, req.body ?? {})));
  });

  r.patch("/:id", async (req, res) => {
    const id = idParam(req, "id", "Label");
    res.json(await updateLabel(deps, authOf(req).workspaceId, id, parse(patchBody, req.body ?? {})));
  });

  r.delete("/:id", async (req, res) => {
    await deleteLabel(deps, authOf(req).workspaceId, idParam(req, "id", "Label"));
    res.status(204).end();
  });
  return r;
}
