import type { Config } from "@parley/core/config";
import type { Db, Role } from "@parley/core/db";
import { AppError, conflict, notFound, unauthorized } from "@parley/core/errors";
import { type AuthContext, signAccessToken } from "../../http/auth";
import { hashPassword, verifyPassword } from "./password";
import type { LoginInput, RegisterInput } from "./schemas";
import { createSession, type IssuedRefresh, sessionEnded, spendRefreshToken } from "./sessions";

type AuthDeps = { db: Db; config: Config };

const userFields = { id: true, email: true, name: true } as const;
const workspaceFields = { id: true, name: true, timeZone: true } as const;

/** What register, login, refresh and switch-workspace answer; the route moves `refresh` into a cookie. */
export type SignedIn = {
  accessToken: string;
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string; timeZone: string };
  role: Role;
  refresh: IssuedRefresh;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids arrive from URLs and bodies; anything that is not a uuid cannot name a row (and would make Postgres throw). */
export const isUuid = (s: string) => UUID.test(s);

export const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

const invalidCredentials = () => unauthorized("Email or password is incorrect", "invalid_credentials");

export async function register(deps: AuthDeps, input: RegisterInput): Promise<SignedIn> {
  const taken = () => conflict("This email is already registered", "email_taken", { email: "is already registered" });
  if (await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw taken();
  const passwordHash = await hashPassword(input.password);
  try {
    const { user, workspace } = await deps.db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash },
        select: userFields,
      });
      const workspace = await tx.workspace.create({
        data: {
          name: input.workspaceName ?? `${input.name}'s workspace`,
          memberships: { create: { userId: user.id, role: "OWNER" } },
        },
        select: workspaceFields,
      });
      return { user, workspace };
    });
    return signIn(deps, { user, workspace, role: "OWNER" });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken(); // lost a race with a concurrent registration
    throw e;
  }
}

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
    user: { id: user.id, email: user.email, name: user.name },
    workspace: membership.workspace,
    role: membership.role,
  });
}

/** Rotates the refresh token; the new one stays in the same family and the same workspace when possible. */
export async function refresh(deps: AuthDeps, token: string | undefined): Promise<SignedIn> {
  const old = await spendRefreshToken(deps.db, token);
  const membership = await membershipFor(deps.db, old.userId, old.workspaceId);
  if (!membership) throw sessionEnded();
  return signIn(deps, { ...membership, familyId: old.familyId });
}

/**
 * Moves the caller to another of their workspaces. The presented refresh token (if any, and the caller's)
 * is rotated into the new workspace so a later refresh keeps them there; otherwise a new session starts.
 * Not a member (or no such workspace): 404, exactly as for a workspace that does not exist.
 */
export async function switchWorkspace(
  deps: AuthDeps,
  auth: AuthContext,
  workspaceId: string,
  refreshToken: string | undefined,
): Promise<SignedIn> {
  const membership = isUuid(workspaceId) ? await membershipFor(deps.db, auth.userId, workspaceId, false) : null;
  if (!membership) throw notFound("Workspace");
  let familyId: string | undefined;
  if (refreshToken) {
    const old = await spendRefreshToken(deps.db, refreshToken).catch(() => null);
    if (old?.userId === auth.userId) familyId = old.familyId;
  }
  return signIn(deps, { ...membership, familyId });
}

export async function me(deps: AuthDeps, auth: AuthContext) {
  const memberships = await deps.db.membership.findMany({
    where: { userId: auth.userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: workspaceFields }, user: { select: userFields } },
  });
  const current = memberships.find((m) => m.workspace.id === auth.workspaceId);
  // Removed from this workspace since the token was issued: the token no longer speaks for anyone here.
  if (!current) throw unauthorized("You are no longer a member of this workspace", "invalid_session");
  return {
    user: current.user,
    workspace: current.workspace,
    role: current.role,
    workspaces: memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, role: m.role })),
  };
}

/** The membership in `preferred`, else (if allowed) the user's oldest one. */
async function membershipFor(db: Db, userId: string, preferred: string | undefined, fallback = true) {
  const select = { role: true, workspace: { select: workspaceFields }, user: { select: userFields } } as const;
  if (preferred) {
    const m = await db.membership.findUnique({
      where: { userId_workspaceId: { userId, workspaceId: preferred } },
      select,
    });
    if (m || !fallback) return m;
  }
  return db.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select });
}

async function signIn(
  deps: AuthDeps,
  s: { user: SignedIn["user"]; workspace: SignedIn["workspace"]; role: Role; familyId?: string },
): Promise<SignedIn> {
  const refresh = await createSession(deps.db, {
    userId: s.user.id,
    workspaceId: s.workspace.id,
    familyId: s.familyId,
  });
  const accessToken = signAccessToken(
    { userId: s.user.id, workspaceId: s.workspace.id, role: s.role },
    deps.config.JWT_SECRET,
  );
  return { accessToken, user: s.user, workspace: s.workspace, role: s.role, refresh };
}
