import { createMediaStore } from "@parley/core/media/store";
import { revokeSockets } from "@parley/core/realtime/revoke";
import { openMemberAvatar } from "@parley/core/users/avatar";
import { addMember } from "@parley/core/workspace/add-member";
import { listMembers } from "@parley/core/workspace/members";
import { removeMember } from "@parley/core/workspace/remove-member";
import { getWorkspace, updateWorkspace } from "@parley/core/workspace/settings";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { streamMedia } from "../messages/media";
import { addMemberBody, updateWorkspaceBody } from "./schemas";

/** /api/workspace: the caller's current workspace and its members. */
export function workspaceRoutes(deps: Deps): Router {
  const r = Router();
  r.use(requireAuth(deps.config.JWT_SECRET));
  const manager = requireRole("OWNER", "ADMIN");
  const store = createMediaStore(deps.config);

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
  // A teammate's picture. Its address carries the upload's id (?v=), so a new picture is a new address and this
  // one may be kept for a day; private: it is only for members of this workspace.
  r.get("/members/:userId/avatar", async (req, res) => {
    const media = await openMemberAvatar(
      { db: deps.db, store },
      authOf(req).workspaceId,
      idParam(req, "userId", "Avatar"),
    );
    await streamMedia(media, res, "private, max-age=86400");
  });
  r.delete("/members/:userId", manager, async (req, res) => {
    const userId = idParam(req, "userId", "Member");
    await removeMember(deps, authOf(req), userId);
    await revokeSockets(deps.redis, { workspaceId: authOf(req).workspaceId, userId });
    res.status(204).end();
  });
  return r;
}
