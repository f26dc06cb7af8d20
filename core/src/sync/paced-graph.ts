import type { Call } from "../platforms/comment-history";
import { type GraphClient, GraphError, type GraphUsage } from "../platforms/graph";
import { TokenBucket } from "./token-bucket";

/** Usage above this share of Meta's quota pauses the run before Meta starts refusing. */
const USAGE_PAUSE_PERCENT = 95;
const TRANSIENT_RETRIES = 3;
const USAGE_EASE_MS = 500;

/**
 * How a sync run calls Graph: at most `callsPerSecond` (a token bucket per run, i.e. per account), a hiccup
 * (5xx, timeout) retried a few times in place, and a quota nearly used up turned into a rate-limit error that
 * pauses the run (when Meta says how long until it refills) or a short ease-off (when it does not). Both the
 * conversations pass and the comments pass of a run share one of these.
 */
export function pacedGraphCall(
  base: GraphClient,
  tuning: { callsPerSecond: number; rateLimitBackoffMs: number },
): Call {
  const bucket = new TokenBucket(tuning.callsPerSecond);
  return async <T>(fn: (graph: GraphClient) => Promise<T>): Promise<T> => {
    let r: T;
    // This call's own usage headers: another account's sync running beside this one has its own.
    let usage: GraphUsage = { maxPercent: 0, regainMs: 0 };
    const graph = base.observe((u) => {
      usage = u;
    });
    for (let attempt = 0; ; attempt++) {
      await bucket.take();
      try {
        r = await fn(graph);
        break;
      } catch (e) {
        if (!(e instanceof GraphError) || e.kind !== "transient" || attempt >= TRANSIENT_RETRIES) throw e;
        await new Promise((res) => setTimeout(res, Math.min(tuning.rateLimitBackoffMs, 1000) * 2 ** attempt));
      }
    }
    if (usage.maxPercent >= USAGE_PAUSE_PERCENT) {
      if (usage.regainMs > 0) {
        throw new GraphError("Meta reports the quota almost used up", 200, 4, undefined, "rate_limit", usage.regainMs);
      }
      await new Promise((res) => setTimeout(res, USAGE_EASE_MS));
    }
    return r;
  };
}
