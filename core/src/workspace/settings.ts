import type { AuthContext } from "../auth/access-token";
import type { Db } from "../db";
import { notFound } from "../errors";
import { assertManager } from "./managers";

const workspaceFields = { id: true, name: true, timeZone: true } as const;

/** `timeZone` is a canonical IANA name: the route's schema checked and canonicalised it. */
export type UpdateWorkspaceInput = { name?: string; timeZone?: string };

export async function getWorkspace(deps: { db: Db }, auth: AuthContext) {
  const ws = await deps.db.workspace.findUnique({ where: { id: auth.workspaceId }, select: workspaceFields });
  if (!ws) throw notFound("Workspace");
  return ws;
}

export async function updateWorkspace(deps: { db: Db }, auth: AuthContext, input: UpdateWorkspaceInput) {
  await assertManager(deps.db, auth);
  return deps.db.workspace.update({ where: { id: auth.workspaceId }, data: input, select: workspaceFields });
}
