import type { Deps } from "../../deps";

export type CheckStatus = "up" | "down";
export type Readiness = { ready: boolean; checks: { postgres: CheckStatus; redis: CheckStatus } };

/** Each probe gets this long: a hung dependency must not hang the orchestrator's probe. */
export const CHECK_TIMEOUT_MS = 1500;

async function probe(fn: () => Promise<unknown>, ms = CHECK_TIMEOUT_MS): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  try {
    await Promise.race([fn(), timeout]);
    return "up";
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(deps: Pick<Deps, "db" | "redis">): Promise<Readiness> {
  const [postgres, redis] = await Promise.all([
    probe(() => deps.db.$queryRaw`SELECT 1`),
    probe(() => deps.redis.ping()),
  ]);
  return { ready: postgres === "up" && redis === "up", checks: { postgres, redis } };
}
