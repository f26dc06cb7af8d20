import type { Label } from "../../lib/types";

/** Labels by name whatever its case, as the API lists them (core's byLabelName; the bundle imports no core code). */
export const byLabelName = (a: Label, b: Label) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id.localeCompare(b.id);

/** The swatches Settings → Labels offers: the same list as core/src/labels/palette.ts. */
export const LABEL_COLORS = [
  ["#ef4444", "Red"],
  ["#f97316", "Orange"],
  ["#eab308", "Yellow"],
  ["#22c55e", "Green"],
  ["#14b8a6", "Teal"],
  ["#3b82f6", "Blue"],
  ["#8b5cf6", "Violet"],
  ["#ec4899", "Pink"],
  ["#64748b", "Slate"],
] as const;
