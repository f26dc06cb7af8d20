import type { AuthContext } from "../auth/access-token";
import { toUserDto, type UserDto, type UserRow, userFields } from "../auth/sign-in";
import type { Db, Role } from "../db";

/** A member of the workspace as the Team list and the assignee menus show them: the user, and their role here. */
export type MemberDto = { userId: string } & Omit<UserDto, "id"> & { role: Role };

export const toMember = (m: { role: Role; user: UserRow }): MemberDto => {
  const { id, ...user } = toUserDto(m.user);
  return { userId: id, ...user, role: m.role };
};
export const memberSelect = { role: true, user: { select: userFields } } as const;

export async function listMembers(deps: { db: Db }, auth: AuthContext): Promise<MemberDto[]> {
  const rows = await deps.db.membership.findMany({
    where: { workspaceId: auth.workspaceId },
    orderBy: { createdAt: "asc" },
    select: memberSelect,
  });
  return rows.map(toMember);
}
