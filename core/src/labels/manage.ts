import type { Db } from "../db";
import { conflict, isUniqueViolation, notFound } from "../errors";
import type { Announce } from "../realtime/announce";
import { byLabelName, type LabelDto, toLabelDto } from "./dto";
import { defaultLabelColor } from "./palette";

// The workspace's labels. A rename or recolour is announced once as label.updated (every conversation that
// carries the label shows it from the label, so none needs announcing); a deletion as label.deleted, after the
// cascade has taken it off every conversation.

type Deps = { db: Db; announce: Announce };
export type LabelInput = { name: string; color?: string };

const taken = () => conflict("Another label has this name", "label_name_taken", { name: "is already used" });

export async function listLabels(db: Db, workspaceId: string): Promise<LabelDto[]> {
  const rows = await db.label.findMany({ where: { workspaceId } });
  return rows.map(toLabelDto).sort(byLabelName);
}

export async function createLabel({ db, announce }: Deps, workspaceId: string, input: LabelInput): Promise<LabelDto> {
  let label: LabelDto;
  try {
    label = toLabelDto(
      await db.label.create({
        data: { workspaceId, name: input.name, color: input.color ?? defaultLabelColor(input.name) },
      }),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
  await announce({ labels: [{ workspaceId, label }] });
  return label;
}

export async function updateLabel(
  { db, announce }: Deps,
  workspaceId: string,
  id: string,
  change: Partial<LabelInput>,
): Promise<LabelDto> {
  try {
    const { count } = await db.label.updateMany({ where: { id, workspaceId }, data: change });
    if (!count) throw notFound("Label");
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
  const label = toLabelDto(await db.label.findUniqueOrThrow({ where: { id } }));
  await announce({ labels: [{ workspaceId, label }] });
  return label;
}

export async function deleteLabel({ db, announce }: Deps, workspaceId: string, id: string): Promise<void> {
  const { count } = await db.label.deleteMany({ where: { id, workspaceId } });
  if (!count) throw notFound("Label");
  await announce({ labelsDeleted: [{ workspaceId, labelId: id }] });
}

/**
 * The workspace's labels among `ids`; any other id (another workspace's, or none at all) is a 404, the same
 * answer for both, before anything is written.
 */
export async function requireLabels(db: Pick<Db, "label">, workspaceId: string, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await db.label.count({ where: { workspaceId, id: { in: unique } } });
  if (found !== unique.length) throw notFound("Label");
}
