import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { decryptToken, encryptToken } from "../crypto";
import { notFound } from "../errors";
import type { ConnectablePage } from "../platforms/messenger/connect";
import { redisKey } from "../redis";

/** What the OAuth callback learnt (the user's Pages and their tokens) while the user picks what to connect. */
export type ConnectSession = { workspaceId: string; userId: string; pages: ConnectablePage[] };

const TTL_SEC = 30 * 60;
const key = (id: string) => redisKey("meta-connect", id);
/** Bound to its id: one session's value copied under another id does not decrypt. */
const aad = (id: string) => `meta-connect-session:${id}`;

/** Stored encrypted like every token at rest; expires in 30 minutes. */
export async function saveConnectSession(redis: Redis, session: ConnectSession): Promise<string> {
  const id = randomUUID();
  await redis.set(key(id), encryptToken(JSON.stringify(session), aad(id)), "EX", TTL_SEC);
  return id;
}

/** The session, only for the user and workspace that went through the dialog (404 for anyone else). */
export async function loadConnectSession(
  redis: Redis,
  id: string,
  ctx: { workspaceId: string; userId: string },
): Promise<ConnectSession> {
  // Someone else's session answers exactly like an expired one, so an id cannot be probed for existence.
  const gone = () => notFound("Connect session (it may have expired; start again)");
  const raw = await redis.get(key(id));
  if (!raw) throw gone();
  const session = JSON.parse(decryptToken(raw, aad(id))) as ConnectSession;
  if (session.workspaceId !== ctx.workspaceId || session.userId !== ctx.userId) throw gone();
  return session;
}
