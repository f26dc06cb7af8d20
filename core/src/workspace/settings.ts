import type { AuthContext } from "../auth/access-token";
import type { Db } from "../db";
import { notFound } from "../errors";
import { type BusinessDetailsDto, toWorkspaceDto, type WorkspaceDto, workspaceSelect } from "./dto";
import { assertManager } from "./managers";

/**
 * `timeZone` is a canonical IANA name: the route's schema checked and canonicalised it. A business detail given as
 * null is cleared; one left out is kept.
 */
export type UpdateWorkspaceInput = { name?: string; timeZone?: string; business?: Partial<BusinessDetailsDto> };

export async function getWorkspace(deps: { db: Db }, auth: AuthContext): Promise<WorkspaceDto> {
  const ws = await deps.db.workspace.findUnique({ where: { id: auth.workspaceId }, select: workspaceSelect });
  if (!ws) throw notFound("Workspace");
  return toWorkspaceDto(ws);
}

export async function updateWorkspace(
  deps: { db: Db },
  auth: AuthContext,
  input: UpdateWorkspaceInput,
): Promise<WorkspaceDto> {
  await assertManager(deps.db, auth);
  const { business: b, ...rest } = input;
  const row = await deps.db.workspace.update({
    where: { id: auth.workspaceId },
    data: {
      ...rest,
      businessName: b?.name,
      businessAddress: b?.address,
      businessWebsite: b?.website,
      businessPhone: b?.phone,
    },
    select: workspaceSelect,
  });
  return toWorkspaceDto(row);
}
