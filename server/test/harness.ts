import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { signAccessToken } from "@parley/core/auth/access-token";
import type { Role } from "@parley/core/db";
import type { Redis } from "ioredis";
import supertest from "supertest";
import { createApp } from "../src/app";
import { createDeps, type Deps } from "../src/deps";

/** A real app on real Postgres and Redis, for supertest. Close it in afterAll. */
export function startTestApp(overrides: Partial<Deps> = {}) {
  const deps = createDeps(overrides);
  const app = createApp(deps);
  return { deps, app, http: () => supertest(app), close: () => deps.close() };
}

/** Reads a supertest response body as raw bytes, whatever its type. */
export const bytes = (req: supertest.Test) =>
  req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on("data", (c: Buffer) => chunks.push(c));
    r.on("end", () => cb(null, Buffer.concat(chunks)));
  });

/**
 * A workspace with one member, written straight to the database (no HTTP), and an access token for it.
 * Use it where a test needs a tenant but is not about sign-up.
 */
export async function createTestWorkspace(
  deps: Pick<Deps, "db" | "config">,
  opts: { role?: Role; name?: string } = {},
) {
  const suffix = randomUUID().slice(0, 8);
  const user = await deps.db.user.create({
    data: { email: `user-${suffix}@test.parley`, name: opts.name ?? `User ${suffix}`, passwordHash: "!" },
  });
  const workspace = await deps.db.workspace.create({ data: { name: `Workspace ${suffix}` } });
  const role = opts.role ?? "OWNER";
  await deps.db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role } });
  const token = signAccessToken({ userId: user.id, workspaceId: workspace.id, role }, deps.config.JWT_SECRET);
  return { user, workspace, role, token, auth: { Authorization: `Bearer ${token}` } };
}

/** Resolves once a Redis connection is ready, so the first requests of a test are not served with Redis "down". */
export async function redisReady(redis: Redis): Promise<void> {
  if (redis.status !== "ready") await once(redis, "ready");
}
