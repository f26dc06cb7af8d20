/**
 * Cursor paging over several descending sequences (live threads plus lazily generated history) without
 * materialising them: each sequence is sorted newest first, cursors are opaque encodings of an item's key.
 */
export type Key = readonly [ms: number, id: string];
export interface Seq<T> {
  length: number;
  at(i: number): T;
  key(i: number): Key;
}

/** a comes before b in newest-first order */
export const before = (a: Key, b: Key) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

export const encodeCursor = (k: Key) => Buffer.from(JSON.stringify(k)).toString("base64url");
export function decodeCursor(c: string): Key | undefined {
  try {
    const k = JSON.parse(Buffer.from(c, "base64url").toString("utf8"));
    return Array.isArray(k) && typeof k[0] === "number" && typeof k[1] === "string" ? [k[0], k[1]] : undefined;
  } catch {
    return undefined;
  }
}

/** first index whose key comes strictly after k */
function firstAfter<T>(s: Seq<T>, k: Key): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(k, s.key(mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
/** first index whose key is not strictly before k */
function firstNotBefore<T>(s: Seq<T>, k: Key): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(s.key(mid), k)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mergeFrom<T>(
  seqs: Seq<T>[],
  starts: number[],
  ends: number[],
  n: number,
  skip?: (seq: number, k: Key) => boolean,
): { item: T; key: Key }[] {
  const pos = [...starts];
  const out: { item: T; key: Key }[] = [];
  while (out.length < n) {
    let best = -1;
    for (let s = 0; s < seqs.length; s++) {
      if (pos[s] >= ends[s]) continue;
      if (best === -1 || before(seqs[s].key(pos[s]), seqs[best].key(pos[best]))) best = s;
    }
    if (best === -1) break;
    const k = seqs[best].key(pos[best]);
    if (skip?.(best, k)) {
      pos[best]++;
      continue;
    }
    out.push({ item: seqs[best].at(pos[best]), key: seqs[best].key(pos[best]) });
    pos[best]++;
  }
  return out;
}

export type PageResult<T> = { items: T[]; first?: Key; last?: Key; hasNext: boolean; hasPrevious: boolean };

/** `skip` hides items (e.g. a seeded conversation listed as its live thread instead); pages may then run short, as Meta's do. */
export function pageOf<T>(
  seqs: Seq<T>[],
  opts: { after?: Key; before?: Key; limit: number; skip?: (seq: number, k: Key) => boolean },
): PageResult<T> {
  const { limit } = opts;
  let got: { item: T; key: Key }[];
  let hasNext: boolean;
  let hasPrevious: boolean;
  if (opts.before) {
    const k = opts.before;
    const ends = seqs.map((s) => firstNotBefore(s, k));
    const starts = ends.map((e) => Math.max(0, e - limit - 1));
    const all = mergeFrom(seqs, starts, ends, Number.POSITIVE_INFINITY, opts.skip);
    hasPrevious = all.length > limit;
    got = all.slice(-limit);
    hasNext = true;
  } else {
    const starts = opts.after ? seqs.map((s) => firstAfter(s, opts.after!)) : seqs.map(() => 0);
    got = mergeFrom(
      seqs,
      starts,
      seqs.map((s) => s.length),
      limit + 1,
      opts.skip,
    );
    hasNext = got.length > limit;
    got = got.slice(0, limit);
    hasPrevious = opts.after !== undefined;
  }
  return { items: got.map((g) => g.item), first: got[0]?.key, last: got.at(-1)?.key, hasNext, hasPrevious };
}

export function arraySeq<T>(items: T[], key: (t: T) => Key): Seq<T> {
  return { length: items.length, at: (i) => items[i], key: (i) => key(items[i]) };
}
