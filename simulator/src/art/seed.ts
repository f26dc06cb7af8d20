import { createHash } from "node:crypto";

/** A tiny deterministic PRNG keyed by a string, so the same id always draws the same picture. */
export function rng(key: string): () => number {
  let a = createHash("sha256").update(key).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;
export const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(h) % 360} ${s}% ${l}%)`;

/** Small memo so a busy inbox asking for the same avatar again does not redraw it. */
export function memo<V>(limit: number, make: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const v = make(key);
    cache.set(key, v);
    if (cache.size > limit) cache.delete(cache.keys().next().value as string);
    return v;
  };
}
