/**
 * The word being typed after a trigger character (`@` for mentions, `/` for saved replies), if the caret is
 * in one: the trigger must start the text or follow whitespace (so "a/b" or an email never opens a picker),
 * and the word ends at the first whitespace.
 */
export function findTrigger(text: string, caret: number, trigger: string): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf(trigger);
  if (start < 0) return null;
  if (start > 0 && !/\s/.test(before[start - 1])) return null;
  const query = before.slice(start + trigger.length);
  if (/\s/.test(query) || query.length > 40) return null;
  return { start, query };
}

/** The text with the trigger word at `start` (up to the caret) replaced by `insert`, and where the caret goes. */
export function replaceTrigger(text: string, caret: number, start: number, insert: string) {
  const next = text.slice(0, start) + insert + text.slice(caret);
  return { text: next, caret: start + insert.length };
}
