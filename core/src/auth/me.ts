import type { Db } from "../db";
import { unauthorized } from "../errors";
import type { AuthContext } from "./access-token";
import { toUserDto, userFields, workspaceFields } from "./sign-in";

/** The caller, their current workspace and role, and every workspace they may switch to. */
export async function me(deps: { db: Db }, auth: AuthContext) {
  const memberships = await deps.db.membership.findMany({
    where: { userId: auth.userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: workspaceFields }, user: { select: userFields } },
  });
  const current = memberships.find((m) => m.workspace.id === auth.workspaceId);
  // Removed from this workspace since the token was issued: the token no longer speaks for anyone here.
  if (!current) throw unauthorized("You are no longer a member of this workspace", "invalid_session");
  return {
    user: toUserDto(current.user),
    workspace: current.workspace,
    role: current.role,
    workspaces: memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, role: m.role })),
  };
}
