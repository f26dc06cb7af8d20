import type { Label } from "../db";

/** The one JSON shape of a label, in Settings → Labels and on every conversation that carries it. */
export type LabelDto = { id: string; name: string; color: string };

export const toLabelDto = (l: Pick<Label, "id" | "name" | "color">): LabelDto => ({
  id: l.id,
  name: l.name,
  color: l.color,
});

/** Labels in the order every screen shows them: by name, whatever its case. */
export const byLabelName = (a: LabelDto, b: LabelDto) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id.localeCompare(b.id);
