/**
 * Paces calls to at most `ratePerSec` on average with bursts of `burst`. Meta allows the Conversations API
 * about 2 calls/s per Page or Instagram account; a rate of 0 or Infinity means unthrottled (benchmarks).
 */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly ratePerSec: number,
    private readonly burst = Math.max(1, ratePerSec),
  ) {
    this.tokens = this.burst;
  }

  async take(): Promise<void> {
    if (!(this.ratePerSec > 0) || !Number.isFinite(this.ratePerSec)) return;
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSec);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.ratePerSec) * 1000)));
    }
  }
}
