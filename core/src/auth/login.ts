import { AppError, unauthorized } from "../errors";
import { verifyPassword } from "./password";
import { type AuthDeps, membershipFor, type SignedIn, signIn } from "./sign-in";

export type LoginInput = { email: string; password: string };

const invalidCredentials = () => unauthorized("Email or password is incorrect", "invalid_credentials");

/** Unknown email and wrong password are indistinguishable: same error, same argon2 cost. */
export async function login(deps: AuthDeps, input: LoginInput): Promise<SignedIn> {
  const user = await deps.db.user.findUnique({ where: { email: input.email } });
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) throw invalidCredentials();
  // Sign in where the user last worked, if they still belong there.
  const last = await deps.db.session.findFirst({
    where: { userId: user.id },
    orderBy: { createdAt: "desc" },
    select: { workspaceId: true },
  });
  const membership = await membershipFor(deps.db, user.id, last?.workspaceId);
  if (!membership) throw new AppError(403, "no_workspace", "You are not a member of any workspace");
  return signIn(deps, {
    user,
    workspace: membership.workspace,
    role: membership.role,
    id: membership.id,
    version: membership.version,
  });
}
