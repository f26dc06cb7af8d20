import type { Role } from "../db";

/** An invitation as managers see it in Settings → Team. The token is never part of it. */
export type InvitationDto = {
  id: string;
  email: string;
  role: Role;
  invitedBy: { id: string; name: string } | null;
  createdAt: string;
  expiresAt: string;
  /** "expired" ones stay listed so they can be resent. */
  status: "pending" | "expired";
};

/** What inviting (or resending) answers. `link` only when no mail went out, for the inviter to pass on. */
export type InvitationSentDto = { invitation: InvitationDto; emailed: boolean; link?: string };

/** What the invitation link's page shows before accepting; only the token's holder can read it. */
export type InvitationPreviewDto = { email: string; role: Role; workspaceName: string; invitedBy: string | null };

export const invitationSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  invitedBy: { select: { id: true, name: true } },
} as const;

export const toInvitation = (
  row: {
    id: string;
    email: string;
    role: Role;
    createdAt: Date;
    expiresAt: Date;
    invitedBy: { id: string; name: string } | null;
  },
  now = new Date(),
): InvitationDto => ({
  id: row.id,
  email: row.email,
  role: row.role,
  invitedBy: row.invitedBy,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  status: row.expiresAt > now ? "pending" : "expired",
});
