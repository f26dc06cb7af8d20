import { refreshTokens as refresh } from "@parley/core/accounts/refresh";
import type { WorkerDeps } from "../deps";
import type { Processor } from "./processor";

export const refreshTokens: Processor<"refresh-tokens"> = (deps) => async () => refresh(deps);

export const REFRESH_TOKENS_SCHEDULER_ID = "refresh-tokens:daily";

/** Daily at 03:17 UTC, on exactly one worker. */
export async function scheduleRefreshTokens(deps: WorkerDeps): Promise<void> {
  await deps.queues["refresh-tokens"].upsertJobScheduler(
    REFRESH_TOKENS_SCHEDULER_ID,
    { pattern: "17 3 * * *" },
    {
      name: "daily",
      data: {},
      opts: { attempts: 3 },
    },
  );
}
