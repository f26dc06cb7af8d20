import type { Config } from "../config";
import type { Db, Role, User } from "../db";
import { avatarUrlOf } from "../users/avatar";
import { signAccessToken } from "./access-token";
import { createSession, type IssuedRefresh } from "./sessions";

export type AuthDeps = { db: Db; config: Pick<Config, "JWT_SECRET"> };

export const userFields = { id: true, email: true, name: true, avatarUploadId: true } as const;
export const workspaceFields = { id: true, name: true, timeZone: true } as const;

/** A user as selected by `userFields`. */
export type UserRow = { [K in keyof typeof userFields]: User[K] };
/** The signed-in user (and, renamed, each member of the Team list): the row, with its picture as an address. */
export type UserDto = Omit<UserRow, "avatarUploadId"> & { avatarUrl: string | null };

// Field by field, never by spreading: callers may hand in a whole User row, password hash included.
export const toUserDto = (u: UserRow): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  avatarUrl: avatarUrlOf(u.id, u.avatarUploadId),
});

/** What register, login, refresh and switch-workspace answer; the route moves `refresh` into a cookie. */
export type SignedIn = {
  accessToken: string;
  user: UserDto;
  workspace: { id: string; name: string; timeZone: string };
  role: Role;
  refresh: IssuedRefresh;
};

/** The membership in `preferred`, else (if allowed) the user's oldest one. */
export async function membershipFor(db: Db, userId: string, preferred: string | undefined, fallback = true) {
  const select = {
    id: true,
    version: true,
    role: true,
    workspace: { select: workspaceFields },
    user: { select: userFields },
  } as const;
  if (preferred) {
    const m = await db.membership.findUnique({
      where: { userId_workspaceId: { userId, workspaceId: preferred } },
      select,
    });
    if (m || !fallback) return m;
  }
  return db.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select });
}

/** Starts a session (in `familyId`'s family when given) and signs an access token for it. */
export async function signIn(
  deps: AuthDeps,
  s: {
    user: UserRow;
    workspace: SignedIn["workspace"];
    role: Role;
    /** The membership signed into (its id and current version go into the access token). */
    id: string;
    version: number;
    familyId?: string;
  },
): Promise<SignedIn> {
  const refresh = await createSession(deps.db, {
    userId: s.user.id,
    workspaceId: s.workspace.id,
    familyId: s.familyId,
  });
  const accessToken = signAccessToken(
    { userId: s.user.id, workspaceId: s.workspace.id, role: s.role, membershipId: s.id, version: s.version },
    deps.config.JWT_SECRET,
  );
  return { accessToken, user: toUserDto(s.user), workspace: s.workspace, role: s.role, refresh };
}
