import type { AuthContext } from "../auth/access-token";
import { hashPassword } from "../auth/password";
import type { Db } from "../db";
import { AppError, conflict, isUniqueViolation } from "../errors";
import { assertManager } from "./managers";
import { type MemberDto, memberSelect, toMember } from "./members";

/** Email trimmed and lower-cased, password within bounds: the route's schema checked them. */
export type AddMemberInput = { email: string; role: "ADMIN" | "AGENT"; name?: string; password?: string };

/**
 * Adds a member by email. Two cases, chosen by whether a password is given:
 * - no password: the person must already have a Parley account (they keep signing in with their own
 *   password and switch to this workspace); unknown email → 404 "user_not_found".
 * - a password: a new account is created with it (and `name`, defaulting to the email's local part),
 *   for a business that hands out logins to its agents. If the email already has an account this is
 *   refused (409 "email_taken") rather than silently ignoring or, worse, overwriting that account's
 *   password: an admin of one workspace must never be able to take over someone's account.
 */
export async function addMember(deps: { db: Db }, auth: AuthContext, input: AddMemberInput): Promise<MemberDto> {
  await assertManager(deps.db, auth);
  const existing = await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing && input.password !== undefined) {
    throw conflict("This email already has a Parley account; add it without a password", "email_taken", {
      password: "leave empty: this person already has an account and keeps their own password",
    });
  }
  if (!existing && input.password === undefined) {
    throw new AppError(404, "user_not_found", "No Parley account uses this email; give a password to create one", {
      email: "has no account yet; give a password to create one",
    });
  }
  try {
    if (existing) {
      const m = await deps.db.membership.create({
        data: { userId: existing.id, workspaceId: auth.workspaceId, role: input.role },
        select: memberSelect,
      });
      return toMember(m);
    }
    const passwordHash = await hashPassword(input.password!);
    const user = await deps.db.user.create({
      data: {
        email: input.email,
        name: input.name ?? input.email.split("@")[0],
        passwordHash,
        memberships: { create: { workspaceId: auth.workspaceId, role: input.role } },
      },
      select: { id: true, email: true, name: true },
    });
    return toMember({ role: input.role, user });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw conflict("This person is already a member of this workspace", "already_member", {
        email: "is already a member",
      });
    }
    throw e;
  }
}
