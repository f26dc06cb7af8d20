import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../db";
import { unauthorized } from "../errors";

/** Refresh tokens live 30 days from their last rotation; each use swaps the token for a new one. */
export const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;

// Only a SHA-256 of the token is stored: a database leak does not hand out live sessions. (The token
// is 256 random bits, so a fast hash is enough; no salt or slow KDF needed.)
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const sessionEnded = () => unauthorized("Your session has ended; please sign in again", "invalid_session");

export type IssuedRefresh = { token: string; expiresAt: Date };

/** Starts a session (a new family unless one is given) and returns the only copy of its raw token. */
export async function createSession(
  db: Db,
  s: { userId: string; workspaceId: string; familyId?: string },
): Promise<IssuedRefresh> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + REFRESH_TTL_MS);
  await db.session.create({
    data: {
      userId: s.userId,
      workspaceId: s.workspaceId,
      familyId: s.familyId ?? randomUUID(),
      tokenHash: hashToken(token),
      expiresAt,
    },
  });
  return { token, expiresAt };
}

/**
 * Spends a refresh token exactly once. A token that was already spent means two parties hold it
 * (one of them a thief), so the whole family is revoked and both must sign in again.
 */
export async function spendRefreshToken(db: Db, token: string | undefined) {
  if (!token) throw sessionEnded();
  const session = await db.session.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!session || session.revokedAt || session.expiresAt <= new Date()) throw sessionEnded();
  if (session.usedAt) {
    await revokeFamily(db, session.familyId);
    throw sessionEnded();
  }
  // Conditional update: of two concurrent uses of one token, only one wins; the loser is a reuse.
  const won = await db.session.updateMany({
    where: { id: session.id, usedAt: null, revokedAt: null },
    data: { usedAt: new Date() },
  });
  if (won.count !== 1) {
    await revokeFamily(db, session.familyId);
    throw sessionEnded();
  }
  return session;
}

export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db.session.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Logout: ends the family of the presented token, if it is one of ours; silent otherwise. */
export async function revokeByToken(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  const session = await db.session.findUnique({ where: { tokenHash: hashToken(token) }, select: { familyId: true } });
  if (session) await revokeFamily(db, session.familyId);
}
