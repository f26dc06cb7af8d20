/**
 * For a payload the adapters could not read: the account ids it seems to name, read loosely (Meta puts the
 * Page / IG account / WABA id in entry[].id and WhatsApp's number in changes[].value.metadata), so the
 * failure shows up in the right workspace's admin view.
 */
export function looseAccountIds(payload: unknown): string[] {
  return (entryAccountIds(payload) ?? []).flat();
}

/** The account ids each entry of the payload seems to name, entry by entry; null when it has no entry list. */
export function entryAccountIds(payload: unknown): string[][] | null {
  const entries = (payload as { entry?: unknown })?.entry;
  if (!Array.isArray(entries)) return null;
  return entries.map((entry) => {
    const ids: string[] = [];
    if (typeof entry?.id === "string") ids.push(entry.id);
    if (Array.isArray(entry?.changes))
      for (const change of entry.changes) {
        const phone = change?.value?.metadata?.phone_number_id;
        if (typeof phone === "string") ids.push(phone);
      }
    return ids;
  });
}

/** The same payload with only the entries at `indices` (Meta batches entries of several accounts in one POST). */
export function withEntries(payload: unknown, indices: number[]): unknown {
  const p = payload as { entry: unknown[] };
  return { ...p, entry: indices.map((i) => p.entry[i]) };
}
