import type { AuthContext } from "../auth/access-token";
import { hashPassword } from "../auth/password";
import type { Db, Role } from "../db";
import { conflict, isUniqueViolation } from "../errors";
import { assertManager } from "./managers";

/** Email trimmed and lower-cased, password within bounds: the route's schema checked them. */
export type AddMemberInput = { email: string; role: "ADMIN" | "AGENT"; name?: string; password?: string };

/** The answer is the same whether or not the address already had an account: it says only what was asked. */
export type AddedMember = { email: string; role: Role };

/**
 * Adds a member by email, answering the same whether or not the address has a Parley account, so an admin
 * cannot use this to find out who uses Parley:
 * - an existing account becomes a member as it is; a given password or name is ignored, never written (an
 *   admin of one workspace must never be able to take over someone's account);
 * - otherwise an account is created with the given password, or, without one, an account that cannot sign in
 *   until its owner sets a password (a password reset).
 * A password is always hashed, even when it is then ignored, so both cases cost the same.
 * (The invitation flow of the team issue replaces this.)
 */
export async function addMember(deps: { db: Db }, auth: AuthContext, input: AddMemberInput): Promise<AddedMember> {
  await assertManager(deps.db, auth);
  const passwordHash = input.password === undefined ? "!" : await hashPassword(input.password);
  const existing = await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  try {
    if (existing) {
      await deps.db.membership.create({
        data: { userId: existing.id, workspaceId: auth.workspaceId, role: input.role },
      });
    } else {
      await deps.db.user.create({
        data: {
          email: input.email,
          name: input.name ?? input.email.split("@")[0],
          passwordHash,
          memberships: { create: { workspaceId: auth.workspaceId, role: input.role } },
        },
      });
    }
  } catch (e) {
    if (isUniqueViolation(e)) {
      // Already a member here (the admin can see that in the member list), or a concurrent sign-up took the email.
      throw conflict("This person is already a member of this workspace", "already_member", {
        email: "is already a member",
      });
    }
    throw e;
  }
  return { email: input.email, role: input.role };
}
