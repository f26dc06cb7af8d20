import type { Db } from "../db";
import { notFound } from "../errors";

/** What a member is told about. Unassigned new conversations are off by default: on a busy inbox it is noise. */
export type NotificationPreferences = {
  assigned: boolean;
  mention: boolean;
  assignedMessage: boolean;
  unassignedConversation: boolean;
};

export const DEFAULT_PREFERENCES: NotificationPreferences = {
  assigned: true,
  mention: true,
  assignedMessage: true,
  unassignedConversation: false,
};

/** Stored preferences over the defaults, so a preference added later has its default for everyone. */
export function preferencesOf(stored: unknown): NotificationPreferences {
  const s = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const out = { ...DEFAULT_PREFERENCES };
  for (const k of Object.keys(out) as (keyof NotificationPreferences)[]) if (typeof s[k] === "boolean") out[k] = s[k];
  return out;
}

type Ctx = { workspaceId: string; userId: string };

export async function getPreferences(db: Db, ctx: Ctx): Promise<NotificationPreferences> {
  const m = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: ctx.userId, workspaceId: ctx.workspaceId } },
    select: { notificationPrefs: true },
  });
  if (!m) throw notFound("Membership");
  return preferencesOf(m.notificationPrefs);
}

export async function setPreferences(
  db: Db,
  ctx: Ctx,
  change: Partial<NotificationPreferences>,
): Promise<NotificationPreferences> {
  const next = { ...(await getPreferences(db, ctx)), ...change };
  await db.membership.update({
    where: { userId_workspaceId: { userId: ctx.userId, workspaceId: ctx.workspaceId } },
    data: { notificationPrefs: next },
  });
  return next;
}
