/**
 * Micro-batching: calls made while earlier flushes are in flight (or within the same event-loop turn)
 * are gathered and flushed together, so N concurrent webhook requests cost one round trip, not N.
 * At most `concurrency` flushes run at once; beyond that work queues up into bigger batches. With
 * `spacingMs`, a flush starts no sooner than that after the previous one started: an idle batcher still
 * flushes at once, a busy one trades up to `spacingMs` of delay for fewer, bigger flushes.
 */
export function createBatcher<T, R>(
  flush: (items: T[]) => Promise<R[]>,
  opts: { maxSize?: number; concurrency?: number; spacingMs?: number } = {},
): (item: T) => Promise<R> {
  const maxSize = opts.maxSize ?? 200;
  const concurrency = opts.concurrency ?? 4;
  const spacingMs = opts.spacingMs ?? 0;
  let pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;
  let lastStart = Number.NEGATIVE_INFINITY;

  const run = () => {
    scheduled = false;
    const wait = lastStart + spacingMs - performance.now();
    if (wait > 0 && pending.length > 0) {
      scheduled = true;
      setTimeout(run, wait);
      return;
    }
    while (pending.length > 0 && inFlight < concurrency) {
      lastStart = performance.now();
      // Share the waiting work among the free slots: a batch's cost is mostly fixed (round trips), so two
      // half batches side by side finish sooner than one full batch and one straggler.
      const size = Math.min(maxSize, Math.ceil(pending.length / (concurrency - inFlight)));
      const batch = pending.slice(0, size);
      pending = pending.slice(size);
      inFlight++;
      flush(batch.map((p) => p.item))
        .then(
          (results) => {
            for (const [i, p] of batch.entries()) p.resolve(results[i]);
          },
          (err) => {
            for (const p of batch) p.reject(err);
          },
        )
        .finally(() => {
          inFlight--;
          if (pending.length > 0) schedule();
        });
      if (spacingMs > 0) {
        if (pending.length > 0) schedule();
        break;
      }
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(run);
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      schedule();
    });
}

/** Rejects with `message` when `promise` takes longer than `ms` (the promise itself keeps running). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
