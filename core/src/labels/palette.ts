/**
 * The colours Settings → Labels offers, and the ones a label gets when none is chosen (picked by its name, so
 * the same name gets the same colour). The labels migration colours today's labels from the same list.
 */
export const LABEL_PALETTE = [
  "#ef4444",
  "#f97316",
  "#eab308",
  "#22c55e",
  "#14b8a6",
  "#3b82f6",
  "#8b5cf6",
  "#ec4899",
  "#64748b",
] as const;

export function defaultLabelColor(name: string): string {
  let h = 0;
  for (const ch of name.toLowerCase()) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return LABEL_PALETTE[h % LABEL_PALETTE.length];
}
