import type { Redis } from "ioredis";
import type { Config } from "../config";
import type { Db, Role } from "../db";
import { unauthorized } from "../errors";
import type { AuthContext } from "./access-token";

/**
 * Whether an access token still speaks for a member. A token lives 15 minutes, but removing a member,
 * changing their role or ending their sessions must take effect on their next request: every request
 * compares the token's membership (id, version, role) with the current one, cached in Redis for a few
 * seconds and dropped from the cache whenever it changes, so all API instances see a change at once.
 */
export type MembershipDeps = { db: Db; redis: Redis; config: Pick<Config, "REDIS_PREFIX"> };
type State = { id: string; version: number; role: Role } | null;

// Short: the cache only saves a query per request; a stale entry (a write racing a read) lives this long at most.
const CACHE_TTL_SEC = 30;
const cacheKey = (deps: MembershipDeps, userId: string, workspaceId: string) =>
  `${deps.config.REDIS_PREFIX}:membership:${workspaceId}:${userId}`;

const fromDb = (db: Db, userId: string, workspaceId: string): Promise<State> =>
  db.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { id: true, version: true, role: true },
  });

/** The member's current state; `fresh` skips the cache (destructive and administrative requests). */
export async function currentMembership(
  deps: MembershipDeps,
  userId: string,
  workspaceId: string,
  opts: { fresh?: boolean } = {},
): Promise<State> {
  const key = cacheKey(deps, userId, workspaceId);
  if (!opts.fresh) {
    // Redis down: ask the database, as if nothing were cached.
    const cached = await deps.redis.get(key).catch(() => null);
    if (cached !== null) return JSON.parse(cached) as State;
  }
  const state = await fromDb(deps.db, userId, workspaceId);
  await deps.redis.set(key, JSON.stringify(state), "EX", CACHE_TTL_SEC).catch(() => {});
  return state;
}

/** 401 unless the token was signed for the member's current membership, version and role. */
export async function assertCurrentMember(deps: MembershipDeps, auth: AuthContext, opts: { fresh?: boolean } = {}) {
  const m = await currentMembership(deps, auth.userId, auth.workspaceId, opts);
  const stale =
    !m ||
    m.role !== auth.role ||
    (auth.membershipId !== undefined && auth.membershipId !== m.id) ||
    (auth.version !== undefined && auth.version !== m.version);
  if (stale) throw unauthorized("Your access to this workspace has changed; please sign in again", "invalid_session");
}

/** Call after a membership changed or went (after the commit): the next request of that member reads the database. */
export async function forgetMembership(deps: MembershipDeps, userId: string, workspaceId: string): Promise<void> {
  await deps.redis.del(cacheKey(deps, userId, workspaceId)).catch(() => {});
}

/**
 * Ends every access token of the user's memberships (in `workspaceId` only, when given): the version goes up,
 * so a token signed before no longer matches. Returns the memberships with their new versions.
 */
export async function bumpMemberships(deps: MembershipDeps, userId: string, workspaceId?: string) {
  const bumped = await deps.db.membership.updateManyAndReturn({
    where: { userId, ...(workspaceId ? { workspaceId } : {}) },
    data: { version: { increment: 1 } },
    select: { id: true, version: true, workspaceId: true },
  });
  await Promise.all(bumped.map((m) => forgetMembership(deps, userId, m.workspaceId)));
  return bumped;
}
