import { sessionEnded, spendRefreshToken } from "./sessions";
import { type AuthDeps, membershipFor, type SignedIn, signIn } from "./sign-in";

/** Rotates the refresh token; the new one stays in the same family and the same workspace when possible. */
export async function refresh(deps: AuthDeps, token: string | undefined): Promise<SignedIn> {
  const old = await spendRefreshToken(deps.db, token);
  const membership = await membershipFor(deps.db, old.userId, old.workspaceId);
  if (!membership) throw sessionEnded();
  return signIn(deps, { ...membership, familyId: old.familyId });
}
