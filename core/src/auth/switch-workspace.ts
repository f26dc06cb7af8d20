import { notFound } from "../errors";
import type { AuthContext } from "./access-token";
import { spendRefreshToken } from "./sessions";
import { type AuthDeps, membershipFor, type SignedIn, signIn } from "./sign-in";

/**
 * Moves the caller to another of their workspaces (`workspaceId` is a uuid: the route checked it). The
 * presented refresh token (if any, and the caller's) is rotated into the new workspace so a later refresh
 * keeps them there; otherwise a new session starts.
 * Not a member (or no such workspace): 404, exactly as for a workspace that does not exist.
 */
export async function switchWorkspace(
  deps: AuthDeps,
  auth: AuthContext,
  workspaceId: string,
  refreshToken: string | undefined,
): Promise<SignedIn> {
  const membership = await membershipFor(deps.db, auth.userId, workspaceId, false);
  if (!membership) throw notFound("Workspace");
  let familyId: string | undefined;
  if (refreshToken) {
    const old = await spendRefreshToken(deps.db, refreshToken).catch(() => null);
    if (old?.userId === auth.userId) familyId = old.familyId;
  }
  return signIn(deps, { ...membership, familyId });
}
