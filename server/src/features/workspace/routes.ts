import { revokeSockets } from "@parley/core/realtime/revoke";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";
import { parse } from "../../http/validate";
import { addMemberBody, updateWorkspaceBody } from "./schemas";
import * as ws from "./service";

/** /api/workspace: the caller's current workspace and its members. */
export function workspaceRoutes(deps: Deps): Router {
  const r = Router();
  r.use(requireAuth(deps.config.JWT_SECRET));
  const manager = requireRole("OWNER", "ADMIN");

  r.get("/", async (req, res) => {
    res.json(await ws.getWorkspace(deps, authOf(req)));
  });
  r.patch("/", manager, async (req, res) => {
    res.json(await ws.updateWorkspace(deps, authOf(req), parse(updateWorkspaceBody, req.body)));
  });
  r.get("/members", async (req, res) => {
    res.json(await ws.listMembers(deps, authOf(req)));
  });
  r.post("/members", manager, async (req, res) => {
    res.status(201).json(await ws.addMember(deps, authOf(req), parse(addMemberBody, req.body)));
  });
  r.delete("/members/:userId", manager, async (req, res) => {
    await ws.removeMember(deps, authOf(req), String(req.params.userId));
    await revokeSockets(deps.redis, { workspaceId: authOf(req).workspaceId, userId: String(req.params.userId) });
    res.status(204).end();
  });
  return r;
}
