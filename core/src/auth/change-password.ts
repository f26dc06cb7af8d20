import { AppError, notFound } from "../errors";
import type { AuthContext } from "./access-token";
import { bumpMemberships, type MembershipDeps } from "./membership-state";
import { hashPassword, verifyPassword } from "./password";
import { spendRefreshToken } from "./sessions";
import { type AuthDeps, membershipFor, type SignedIn, signIn } from "./sign-in";

/** `newPassword` is within bounds: the route's schema checked it. */
export type ChangePasswordInput = { currentPassword: string; newPassword: string };

const wrongPassword = () =>
  new AppError(400, "wrong_password", "The current password is not correct", {
    currentPassword: "is not your current password",
  });

/**
 * Sets a new password once the current one is proven, and ends every other session of the user: their
 * refresh tokens are revoked and their access tokens (in every workspace) stop working on the next request.
 * The caller stays signed in: the presented refresh token (if it is theirs) is rotated in its own family,
 * and a new access token comes back.
 */
export async function changePassword(
  deps: AuthDeps & MembershipDeps,
  auth: AuthContext,
  input: ChangePasswordInput,
  refreshToken: string | undefined,
): Promise<SignedIn> {
  const user = await deps.db.user.findUnique({ where: { id: auth.userId }, select: { passwordHash: true } });
  if (!user) throw notFound("User");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw wrongPassword();
  const passwordHash = await hashPassword(input.newPassword);
  // The caller's own session is rotated, as a refresh would; every other one ends.
  const own = refreshToken ? await spendRefreshToken(deps.db, refreshToken).catch(() => null) : null;
  const keep = own?.userId === auth.userId ? own.familyId : undefined;
  await deps.db.$transaction([
    deps.db.user.update({ where: { id: auth.userId }, data: { passwordHash } }),
    deps.db.session.updateMany({
      where: { userId: auth.userId, revokedAt: null, ...(keep ? { familyId: { not: keep } } : {}) },
      data: { revokedAt: new Date() },
    }),
  ]);
  await bumpMemberships(deps, auth.userId);
  const membership = await membershipFor(deps.db, auth.userId, auth.workspaceId, false);
  if (!membership) throw notFound("Workspace");
  return signIn(deps, { ...membership, familyId: keep });
}
