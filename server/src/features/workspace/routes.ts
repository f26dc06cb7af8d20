import { revokeSockets } from "@parley/core/realtime/revoke";
import { addMember } from "@parley/core/workspace/add-member";
import { listMembers } from "@parley/core/workspace/members";
import { removeMember } from "@parley/core/workspace/remove-member";
import { getWorkspace, updateWorkspace } from "@parley/core/workspace/settings";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { addMemberBody, updateWorkspaceBody } from "./schemas";

/** /api/workspace: the caller's current workspace and its members. */
export function workspaceRoutes(deps: Deps): Router {
  const r = Router();
  r.use(requireAuth(deps.config.JWT_SECRET));
  const manager = requireRole("OWNER", "ADMIN");

  r.get("/", async (req, res) => {
    res.json(await getWorkspace(deps, authOf(req)));
  });
  r.patch("/", manager, async (req, res) => {
    res.json(await updateWorkspace(deps, authOf(req), parse(updateWorkspaceBody, req.body)));
  });
  r.get("/members", async (req, res) => {
    res.json(await listMembers(deps, authOf(req)));
  });
  r.post("/members", manager, async (req, res) => {
    res.status(201).json(await addMember(deps, authOf(req), parse(addMemberBody, req.body)));
  });
  r.delete("/members/:userId", manager, async (req, res) => {
    const userId = idParam(req, "userId", "Member");
    await removeMember(deps, authOf(req), userId);
    await revokeSockets(deps.redis, { workspaceId: authOf(req).workspaceId, userId });
    res.status(204).end();
  });
  return r;
}
