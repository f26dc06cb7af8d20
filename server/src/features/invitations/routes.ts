import { verifyAccessToken } from "@parley/core/auth/access-token";
import { acceptInvitation, previewInvitation } from "@parley/core/invitations/accept";
import { createInvitation, resendInvitation } from "@parley/core/invitations/create";
import { listInvitations, revokeInvitation } from "@parley/core/invitations/list";
import { revokeSockets } from "@parley/core/realtime/revoke";
import { changeRole } from "@parley/core/workspace/change-role";
import { listPresence } from "@parley/core/workspace/presence";
import { type Request, Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { setRefreshCookie } from "../auth/cookie";
import { acceptBody, changeRoleBody, inviteBody, newAccountBody } from "./schemas";

/** /api/workspace/invitations, member roles and presence: Settings → Team. */
export function teamRoutes(deps: Deps): Router {
  const r = Router();
  const signedIn = requireAuth(deps.config.JWT_SECRET);
  const manager = requireRole("OWNER", "ADMIN");

  r.get("/workspace/invitations", signedIn, manager, async (req, res) => {
    res.json(await listInvitations(deps, authOf(req)));
  });
  r.post("/workspace/invitations", signedIn, manager, async (req, res) => {
    res.status(201).json(await createInvitation(deps, authOf(req), parse(inviteBody, req.body)));
  });
  r.post("/workspace/invitations/:id/resend", signedIn, manager, async (req, res) => {
    res.json(await resendInvitation(deps, authOf(req), idParam(req, "id", "Invitation")));
  });
  r.delete("/workspace/invitations/:id", signedIn, manager, async (req, res) => {
    await revokeInvitation(deps, authOf(req), idParam(req, "id", "Invitation"));
    res.status(204).end();
  });
  // Every member may see who is online, like the members list itself.
  r.get("/workspace/presence", signedIn, async (req, res) => {
    res.json(await listPresence(deps, authOf(req)));
  });
  r.patch("/workspace/members/:userId", signedIn, manager, async (req, res) => {
    const userId = idParam(req, "userId", "Member");
    const { role } = parse(changeRoleBody, req.body);
    const { workspaceId, userId: callerId } = authOf(req);
    const changed = await changeRole(deps, authOf(req), userId, role);
    // Live sockets carry the role they were opened with: end them so they reconnect with the new one
    // (a transfer of ownership changes the caller's role too).
    await revokeSockets(deps.redis, { workspaceId, userId });
    if (role === "OWNER") await revokeSockets(deps.redis, { workspaceId, userId: callerId });
    // Everyone else's Team list and assignee menus show the new role at once.
    await deps.announce({ members: role === "OWNER" ? [userId, callerId] : [userId] });
    res.json(changed);
  });
  return r;
}

/** /api/invitations/:token: the invitee's side. The token is the credential; a signed-in caller is optional. */
export function invitationLinkRoutes(deps: Deps): Router {
  const r = Router();
  const callerOf = (req: Request) => {
    const h = req.headers.authorization;
    return h?.startsWith("Bearer ") ? verifyAccessToken(h.slice(7), deps.config.JWT_SECRET) : null;
  };

  r.get("/invitations/:token", async (req, res) => {
    res.json(await previewInvitation(deps, String(req.params.token)));
  });
  r.post("/invitations/:token/accept", async (req, res) => {
    const input = parse(acceptBody, req.body ?? {});
    const caller = callerOf(req);
    // A new account's password must meet the sign-up rules; checked here only when one is being created.
    if (!caller && input.name !== undefined && input.password !== undefined) parse(newAccountBody, input);
    const { refresh, ...body } = await acceptInvitation(deps, String(req.params.token), input, caller);
    setRefreshCookie(res, deps.config, refresh);
    res.json(body);
  });
  return r;
}
