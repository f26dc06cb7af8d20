/**
 * Log-scale histograms of durations in seconds. A period's median first response cannot be derived
 * from daily medians, so each DailyStat row also stores how many durations fell in each bucket;
 * summing the rows of a period and reading the quantile off the sum gives an estimate within one
 * bucket (≤ ~19% wide, interpolated inside it) whatever the period's length.
 *
 * Bucket 0 holds durations under 1 s; bucket k ≥ 1 holds [BOUNDS[k-1], BOUNDS[k]); the last bucket is
 * open-ended (≥ 60 days). This is Postgres' width_bucket(seconds, BOUNDS). Changing BOUNDS means
 * recomputing every DailyStat row, so don't.
 */
export const BOUNDS: readonly number[] = (() => {
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const v = Math.ceil(2 ** (i / 4) - 1e-9);
    if (v > 60 * 86_400) break;
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
})();
export const BUCKETS = BOUNDS.length + 1;

/** Same as SQL width_bucket(floor(seconds), BOUNDS): the number of bounds ≤ seconds. */
export function bucketOf(seconds: number): number {
  const s = Math.floor(seconds);
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (BOUNDS[mid] <= s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function emptyHistogram(): number[] {
  return new Array(BUCKETS).fill(0);
}

/** Adds b into a (arrays from older rows may be empty). */
export function addInto(a: number[], b: readonly number[] | null | undefined): number[] {
  if (b) for (let i = 0; i < b.length && i < a.length; i++) a[i] += b[i];
  return a;
}

/**
 * The q-quantile estimated from a histogram, interpolated geometrically inside its bucket (durations
 * are roughly log-uniform within a bucket). Null when the histogram is empty.
 */
export function quantileFromHistogram(hist: readonly number[], q: number): number | null {
  const total = hist.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let k = 0; k < hist.length; k++) {
    const n = hist[k];
    if (n === 0) continue;
    if (seen + n >= rank) {
      if (k === 0) return 0;
      const lo = BOUNDS[k - 1];
      const hi = k < BOUNDS.length ? BOUNDS[k] : lo * 2;
      const frac = n > 0 ? Math.min(1, Math.max(0, (rank - seen) / n)) : 0.5;
      return Math.round(lo * (hi / lo) ** frac);
    }
    seen += n;
  }
  return BOUNDS[BOUNDS.length - 1];
}
