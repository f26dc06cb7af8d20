import { conflict, isUniqueViolation } from "../errors";
import { hashPassword } from "./password";
import { type AuthDeps, type SignedIn, signIn, userFields, workspaceFields } from "./sign-in";

/** Email trimmed and lower-cased, password within bounds: the route's schema checked them. */
export type RegisterInput = { email: string; password: string; name: string; workspaceName?: string };

/** A new user and their own workspace, of which they are the OWNER; signed in. */
export async function register(deps: AuthDeps, input: RegisterInput): Promise<SignedIn> {
  const taken = () => conflict("This email is already registered", "email_taken", { email: "is already registered" });
  if (await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw taken();
  const passwordHash = await hashPassword(input.password);
  try {
    const { user, workspace, membership } = await deps.db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash },
        select: userFields,
      });
      const workspace = await tx.workspace.create({
        data: { name: input.workspaceName ?? `${input.name}'s workspace` },
        select: workspaceFields,
      });
      const membership = await tx.membership.create({
        data: { userId: user.id, workspaceId: workspace.id, role: "OWNER" },
        select: { id: true, version: true },
      });
      return { user, workspace, membership };
    });
    return signIn(deps, { user, workspace, role: "OWNER", ...membership });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken(); // lost a race with a concurrent registration
    throw e;
  }
}
