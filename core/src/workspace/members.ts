import type { AuthContext } from "../auth/access-token";
import type { Db, Role } from "../db";

export type MemberDto = { userId: string; email: string; name: string; role: Role };

export const toMember = (m: { role: Role; user: { id: string; email: string; name: string } }): MemberDto => ({
  userId: m.user.id,
  email: m.user.email,
  name: m.user.name,
  role: m.role,
});
export const memberSelect = { role: true, user: { select: { id: true, email: true, name: true } } } as const;

export async function listMembers(deps: { db: Db }, auth: AuthContext): Promise<MemberDto[]> {
  const rows = await deps.db.membership.findMany({
    where: { workspaceId: auth.workspaceId },
    orderBy: { createdAt: "asc" },
    select: memberSelect,
  });
  return rows.map(toMember);
}
