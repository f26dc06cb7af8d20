import { useQueryClient } from "@tanstack/react-query";
import { Copy, Crown, Mail, MoreHorizontal, RotateCw, Trash2, UserMinus, UserPlus } from "lucide-react";
import { useState } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import {
  DropdownContent,
  DropdownItem,
  DropdownRoot,
  DropdownSeparator,
  DropdownTrigger,
} from "../../components/ui/Dropdown";
import { Skeleton } from "../../components/ui/Skeleton";
import { toast } from "../../components/ui/Toast";
import { useNow } from "../../hooks/useNow";
import { api } from "../../lib/api";
import { cn } from "../../lib/cn";
import { keys } from "../../lib/query";
import { ago } from "../../lib/time";
import type { Invitation, InvitationSent, Member, Presence, Role } from "../../lib/types";
import { useAuth, useSession } from "../auth";
import { SettingsPage } from "../settings";
import { useMembers } from "../workspace";
import { useInvitations, usePresence } from "./hooks";
import { InviteDialog } from "./InviteDialog";
import { RoleSelect, roleLabel } from "./RoleSelect";

/** Settings → Team: members with role and presence; invitations; role changes, removal, ownership. */
export function TeamPage() {
  const session = useSession();
  const canManage = session.role === "OWNER" || session.role === "ADMIN";
  const members = useMembers();
  const presence = usePresence();
  const invitations = useInvitations(canManage);
  const [inviteOpen, setInviteOpen] = useState(false);
  // Links handed back when no mail went out, by invitation id, to copy from the list.
  const [links, setLinks] = useState<Record<string, string>>({});
  const qc = useQueryClient();

  const sent = (s: InvitationSent) => {
    qc.invalidateQueries({ queryKey: keys.invitations });
    if (s.link) setLinks((l) => ({ ...l, [s.invitation.id]: s.link! }));
    toast(s.emailed ? `Invitation sent to ${s.invitation.email}` : "Invitation created: copy the link and send it");
  };

  return (
    <SettingsPage
      title="Team"
      description="Everyone who answers customers in this workspace."
      actions={
        canManage && (
          <Button variant="primary" onClick={() => setInviteOpen(true)}>
            <UserPlus className="h-4 w-4" />
            Invite teammate
          </Button>
        )
      }
    >
      <section aria-labelledby="members-heading">
        <h2 id="members-heading" className="sr-only">
          Members
        </h2>
        {members.isPending ? (
          <Skeleton className="h-32 rounded-xl" />
        ) : members.isError ? (
          <p role="alert" className="text-sm text-red-600">
            {members.error.message}
          </p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-xl ring-1 ring-zinc-200" aria-label="Members">
            {members.data.map((m) => (
              <MemberRow
                key={m.userId}
                member={m}
                presence={presence.data?.find((p) => p.userId === m.userId)}
                callerRole={session.role}
                isYou={m.userId === session.user.id}
              />
            ))}
          </ul>
        )}
      </section>

      {canManage && (
        <section aria-labelledby="invitations-heading" className="mt-10">
          <h2 id="invitations-heading" className="text-sm font-semibold text-zinc-900">
            Pending invitations
          </h2>
          {invitations.data?.length ? (
            <ul className="mt-3 divide-y divide-zinc-100 rounded-xl ring-1 ring-zinc-200" aria-label="Invitations">
              {invitations.data.map((i) => (
                <InvitationRow key={i.id} invitation={i} link={links[i.id]} onResent={sent} />
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-zinc-500">
              {invitations.isPending ? "Loading…" : "Nobody is waiting to join."}
            </p>
          )}
        </section>
      )}
      <InviteDialog open={inviteOpen} onOpenChange={setInviteOpen} onSent={sent} />
    </SettingsPage>
  );
}

function PresenceLine({ presence, isYou }: { presence: Presence | undefined; isYou: boolean }) {
  const now = useNow();
  // Whoever looks at this page has Parley open, whatever the last presence poll said.
  if (presence?.online || isYou) return <span className="text-emerald-700">Online now</span>;
  if (presence?.lastSeenAt) return <span>Last seen {ago(presence.lastSeenAt, now)}</span>;
  return <span>Not seen yet</span>;
}

function MemberRow({
  member,
  presence,
  callerRole,
  isYou,
}: {
  member: Member;
  presence: Presence | undefined;
  callerRole: Role;
  isYou: boolean;
}) {
  const qc = useQueryClient();
  const { signOut } = useAuth();
  const [busy, setBusy] = useState(false);
  const canManage = callerRole === "OWNER" || callerRole === "ADMIN";
  // Admins manage admins and agents; only an owner touches an owner.
  const canTouch = canManage && (member.role !== "OWNER" || callerRole === "OWNER");

  async function run(what: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await what();
      await qc.invalidateQueries({ queryKey: keys.members });
      toast(done);
      return true;
    } catch (e) {
      toast((e as Error).message, "error");
      return false;
    } finally {
      setBusy(false);
    }
  }
  const setRole = (role: Role) =>
    run(
      () => api(`/api/workspace/members/${member.userId}`, { method: "PATCH", body: { role } }),
      role === "OWNER"
        ? `${member.name} now owns the workspace`
        : `${member.name} is now ${roleLabel[role].toLowerCase()}`,
    );
  const remove = () => {
    if (!window.confirm(`Remove ${member.name} from this workspace? They lose access at once.`)) return;
    run(() => api(`/api/workspace/members/${member.userId}`, { method: "DELETE" }), `${member.name} was removed`).then(
      (ok) => {
        if (ok && isYou) signOut();
      },
    );
  };
  const transfer = () => {
    if (!window.confirm(`Make ${member.name} the owner? You become an admin.`)) return;
    setRole("OWNER");
  };

  return (
    <li className="flex items-center gap-3 px-4 py-3" aria-label={member.name}>
      <span className="relative">
        <Avatar name={member.name} src={member.avatarUrl} size="md" />
        <span
          className={cn(
            "absolute -right-0.5 -bottom-0.5 h-3 w-3 rounded-full ring-2 ring-white",
            presence?.online || isYou ? "bg-emerald-500" : "bg-zinc-300",
          )}
          aria-hidden="true"
        />
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-2 truncate text-sm font-medium text-zinc-900">
          {member.name}
          {isYou && <Badge>You</Badge>}
        </p>
        <p className="truncate text-[13px] text-zinc-500">
          {member.email} · <PresenceLine presence={presence} isYou={isYou} />
        </p>
      </div>
      {canTouch && member.role !== "OWNER" && !isYou ? (
        <div className="w-28 shrink-0">
          <RoleSelect
            aria-label={`Role of ${member.name}`}
            roles={["ADMIN", "AGENT"]}
            value={member.role}
            disabled={busy}
            onChange={(e) => setRole(e.target.value as Role)}
            className="h-8 w-full text-[13px]"
          />
        </div>
      ) : (
        <div className="w-28 shrink-0 px-1">
          <Badge tone={member.role === "OWNER" ? "accent" : "neutral"}>{roleLabel[member.role]}</Badge>
        </div>
      )}
      {canTouch && (
        <DropdownRoot>
          <DropdownTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label={`More for ${member.name}`} disabled={busy}>
              <MoreHorizontal className="h-4 w-4" />
            </Button>
          </DropdownTrigger>
          <DropdownContent align="end">
            {callerRole === "OWNER" && !isYou && member.role !== "OWNER" && (
              <DropdownItem icon={<Crown className="h-4 w-4" />} onSelect={transfer}>
                Transfer ownership
              </DropdownItem>
            )}
            {callerRole === "OWNER" && isYou && (
              <DropdownItem icon={<Crown className="h-4 w-4" />} onSelect={() => setRole("ADMIN")}>
                Step down to admin
              </DropdownItem>
            )}
            <DropdownSeparator />
            <DropdownItem danger icon={<UserMinus className="h-4 w-4" />} onSelect={remove}>
              {isYou ? "Leave workspace" : "Remove from workspace"}
            </DropdownItem>
          </DropdownContent>
        </DropdownRoot>
      )}
    </li>
  );
}

function InvitationRow({
  invitation,
  link,
  onResent,
}: {
  invitation: Invitation;
  link: string | undefined;
  onResent: (s: InvitationSent) => void;
}) {
  const qc = useQueryClient();
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const expired = invitation.status === "expired";
  const daysLeft = Math.max(1, Math.ceil((Date.parse(invitation.expiresAt) - now.getTime()) / 86_400_000));

  async function resend() {
    setBusy(true);
    try {
      onResent(await api<InvitationSent>(`/api/workspace/invitations/${invitation.id}/resend`, { method: "POST" }));
    } catch (e) {
      toast((e as Error).message, "error");
    } finally {
      setBusy(false);
    }
  }
  async function revoke() {
    setBusy(true);
    try {
      await api(`/api/workspace/invitations/${invitation.id}`, { method: "DELETE" });
      await qc.invalidateQueries({ queryKey: keys.invitations });
      toast(`Invitation to ${invitation.email} revoked`);
    } catch (e) {
      toast((e as Error).message, "error");
      setBusy(false);
    }
  }
  async function copy() {
    if (!link) return;
    await navigator.clipboard.writeText(link).catch(() => {});
    toast("Link copied");
  }

  return (
    <li className="flex flex-wrap items-center gap-3 px-4 py-3" aria-label={`Invitation to ${invitation.email}`}>
      <span className="flex h-10 w-10 items-center justify-center rounded-full bg-zinc-100 text-zinc-400">
        <Mail className="h-4 w-4" aria-hidden="true" />
      </span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-zinc-900">{invitation.email}</p>
        <p className="text-[13px] text-zinc-500">
          {roleLabel[invitation.role]} ·{" "}
          {expired ? (
            <span className="text-amber-700">Expired</span>
          ) : (
            `Expires in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`
          )}
          {invitation.invitedBy && ` · Invited by ${invitation.invitedBy.name}`}
        </p>
        {link && (
          <p className="mt-1 truncate font-mono text-xs text-zinc-500" data-testid="invitation-link">
            {link}
          </p>
        )}
      </div>
      <div className="flex gap-1.5">
        {link && (
          <Button size="sm" onClick={copy}>
            <Copy className="h-3.5 w-3.5" />
            Copy link
          </Button>
        )}
        <Button size="sm" onClick={resend} disabled={busy}>
          <RotateCw className="h-3.5 w-3.5" />
          Resend
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={revoke}
          disabled={busy}
          aria-label={`Revoke invitation to ${invitation.email}`}
        >
          <Trash2 className="h-3.5 w-3.5" />
          Revoke
        </Button>
      </div>
    </li>
  );
}
