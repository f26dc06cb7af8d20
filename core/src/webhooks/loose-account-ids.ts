/**
 * For a payload the adapters could not read: the account ids it seems to name, read loosely (Meta puts the
 * Page / IG account / WABA id in entry[].id and WhatsApp's number in changes[].value.metadata), so the
 * failure shows up in the right workspace's admin view.
 */
export function looseAccountIds(payload: unknown): string[] {
  const ids: string[] = [];
  const entries = (payload as { entry?: unknown })?.entry;
  if (!Array.isArray(entries)) return ids;
  for (const entry of entries) {
    if (typeof entry?.id === "string") ids.push(entry.id);
    if (!Array.isArray(entry?.changes)) continue;
    for (const change of entry.changes) {
      const phone = change?.value?.metadata?.phone_number_id;
      if (typeof phone === "string") ids.push(phone);
    }
  }
  return ids;
}
