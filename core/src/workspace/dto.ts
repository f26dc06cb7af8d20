import type { Workspace } from "../db";

/**
 * The business a workspace answers for, as its customers know it: saved replies fill `{{business.name}}` and
 * friends from here. Each is null until someone sets it (`name` then falls back to the workspace's own name).
 */
export type BusinessDetailsDto = {
  name: string | null;
  address: string | null;
  website: string | null;
  phone: string | null;
};

/** GET/PATCH /api/workspace: the workspace's settings (Settings → Workspace). */
export type WorkspaceDto = { id: string; name: string; timeZone: string; business: BusinessDetailsDto };

export const workspaceSelect = {
  id: true,
  name: true,
  timeZone: true,
  businessName: true,
  businessAddress: true,
  businessWebsite: true,
  businessPhone: true,
} as const;

type WorkspaceRow = Pick<Workspace, keyof typeof workspaceSelect>;

export const toWorkspaceDto = (w: WorkspaceRow): WorkspaceDto => ({
  id: w.id,
  name: w.name,
  timeZone: w.timeZone,
  business: { name: w.businessName, address: w.businessAddress, website: w.businessWebsite, phone: w.businessPhone },
});
