import type { Key } from "./sql";

/** A message's identity across platforms: its account and Meta's id for it. */
export const key = (k: Key) => `${k.accountId}:${k.externalId}`;

/**
 * Plain string order. Steps sort the rows they lock by key with it: concurrent transactions then take their
 * locks in the same order and never wait on each other in a cycle.
 */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function groupBy<T>(list: T[], by: (t: T) => string): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const t of list) {
    const k = by(t);
    const g = m.get(k);
    if (g) g.push(t);
    else m.set(k, [t]);
  }
  return [...m.entries()];
}

export const dedupeKeys = (keys: Key[]) => [
  ...new Map(keys.map((k) => [key(k), { accountId: k.accountId, externalId: k.externalId }])).values(),
];
