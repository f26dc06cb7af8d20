import type { Logger } from "@parley/core/logger";

/**
 * Logs webhook refusals at most once per interval per reason: a flood of unsigned POSTs must not turn into
 * a flood of log lines (disk, log shipping). A line says how many refusals of its reason went unlogged since
 * the previous one; the metrics count every refusal anyway.
 */
export function sampledRefusalLog(logger: Pick<Logger, "warn">, intervalMs = 1_000) {
  const last = new Map<string, { at: number; skipped: number }>();
  return (reason: string, fields: Record<string, unknown>) => {
    const now = Date.now();
    const seen = last.get(reason);
    if (seen && now - seen.at < intervalMs) {
      seen.skipped++;
      return;
    }
    last.set(reason, { at: now, skipped: 0 });
    logger.warn({ ...fields, reason, suppressed: seen?.skipped ?? 0 }, "webhook refused");
  };
}
