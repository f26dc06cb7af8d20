import type { Redis } from "ioredis";
import { config } from "../config";
import { sha256 } from "../crypto";
import type { Db } from "../db";
import { logger } from "../logger";

/** Whose live sockets end: one user's, in one workspace. */
export type Revocation = { workspaceId: string; userId: string };

// Its own channel, outside the events pattern (`<prefix>:ws:*`): a revocation is for the ws servers, not for
// any workspace's room.
export const revocationsChannel = (prefix = config().REDIS_PREFIX) => `${prefix}:ws-revoke`;

/**
 * Closes a user's sockets in a workspace on every API instance (Redis pub/sub), when their access there
 * ended or changed: logout, member removal, role change. The dashboard then refreshes its token, which fails
 * for a removed member and carries the new role otherwise. Call it after the change committed. Best effort:
 * while Redis is down the sockets live until their token expires (at most 15 minutes).
 */
export async function revokeSockets(redis: Redis, who: Revocation, prefix?: string): Promise<void> {
  try {
    await redis.publish(revocationsChannel(prefix), JSON.stringify(who));
  } catch (err) {
    logger.warn({ err, ...who }, "realtime: could not revoke live sockets (Redis unavailable)");
  }
}

/** Logout: the sockets of the user and workspace of the refresh token being ended (stored as its SHA-256). */
export async function revokeSessionSockets(
  deps: { db: Db; redis: Redis; config: { REDIS_PREFIX: string } },
  refreshToken: string | undefined,
): Promise<void> {
  if (!refreshToken) return;
  const session = await deps.db.session.findUnique({
    where: { tokenHash: sha256(refreshToken) },
    select: { userId: true, workspaceId: true },
  });
  if (session) await revokeSockets(deps.redis, session, deps.config.REDIS_PREFIX);
}
