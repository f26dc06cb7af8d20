import { ArrowLeft, Check, ChevronDown, Eye, RotateCcw, UserRound, X } from "lucide-react";
import { Link } from "react-router";
import { Avatar } from "../../../components/ui/Avatar";
import { Button } from "../../../components/ui/Button";
import {
  DropdownContent,
  DropdownItem,
  DropdownLabel,
  DropdownRoot,
  DropdownSeparator,
  DropdownTrigger,
} from "../../../components/ui/Dropdown";
import { PlatformIcon, platformName } from "../../../components/ui/PlatformIcon";
import { StatusBadge, statusLabel } from "../../../components/ui/StatusBadge";
import { toast } from "../../../components/ui/Toast";
import { Tooltip } from "../../../components/ui/Tooltip";
import { contactName } from "../../../lib/contact";
import type { Conversation, ConversationStatus } from "../../../lib/types";
import { useSession } from "../../auth";
import { useMembers } from "../../workspace";
import { describePresence, useConversationPresence } from "../live/presence";
import { ThreadWorkflowActions } from "../workflow/ThreadWorkflowActions";
import { type ConversationPatch, useUpdateConversation } from "./hooks";

/** The collision warning: teammates who have this conversation open, and who is typing in it. */
function PresenceLine({ conversationId }: { conversationId: string }) {
  const line = describePresence(useConversationPresence(conversationId));
  if (!line) return null;
  return (
    <p className="flex items-center gap-1 truncate text-xs font-medium text-amber-700" role="status" data-presence>
      <Eye className="h-3 w-3 shrink-0" aria-hidden="true" />
      <span className="truncate">{line}</span>
    </p>
  );
}

export function ThreadHeader({ conv, backTo }: { conv: Conversation; backTo: string }) {
  const update = useUpdateConversation();
  const members = useMembers();
  const me = useSession().user;
  const assignee = members.data?.find((m) => m.userId === conv.assigneeId);
  const patch = (p: ConversationPatch, done?: string) =>
    update.mutate(
      { id: conv.id, patch: p },
      { onSuccess: () => done && toast(done), onError: (e) => toast(e.message, "error") },
    );
  const resolved = conv.status === "RESOLVED";

  return (
    <header className="flex h-16 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white px-3 sm:px-5">
      <Link
        to={backTo}
        className="-ml-1 rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-100 md:hidden"
        aria-label="Back to conversations"
      >
        <ArrowLeft className="h-5 w-5" />
      </Link>
      <Avatar
        name={contactName(conv.contact, conv.platform)}
        src={conv.contact.avatarUrl}
        size="md"
        className="max-sm:!hidden"
      />
      <div className="min-w-0 flex-1">
        <h2 className="truncate text-[15px] font-semibold text-zinc-900">{contactName(conv.contact, conv.platform)}</h2>
        <p className="flex items-center gap-1.5 truncate text-xs text-zinc-500">
          <PlatformIcon platform={conv.platform} size="xs" />
          <span className="truncate">
            <span className="hidden sm:inline">{platformName[conv.platform]} · </span>
            {conv.accountName}
          </span>
          <span className="hidden sm:inline">
            <StatusBadge status={conv.status} />
          </span>
        </p>
        <PresenceLine conversationId={conv.id} />
      </div>

      <div className="flex items-center gap-1">
        <DropdownRoot>
          <Tooltip content={assignee ? `Assigned to ${assignee.name}` : "Assign"}>
            <DropdownTrigger asChild>
              <Button
                size="sm"
                variant="ghost"
                aria-label={assignee ? `Assigned to ${assignee.name}. Change assignee` : "Assign conversation"}
              >
                {assignee ? (
                  <Avatar name={assignee.name} src={assignee.avatarUrl} size="xs" />
                ) : (
                  <UserRound className="h-4 w-4" />
                )}
                <span className="hidden max-w-28 truncate lg:inline">{assignee ? assignee.name : "Assign"}</span>
              </Button>
            </DropdownTrigger>
          </Tooltip>
          <DropdownContent>
            <DropdownLabel>Assign to</DropdownLabel>
            <DropdownItem
              icon={<Avatar name={me.name} src={me.avatarUrl} size="xs" className="!h-4 !w-4 !text-[8px]" />}
              checked={conv.assigneeId === me.id}
              onSelect={() => patch({ assigneeId: me.id }, "Assigned to you")}
            >
              Me
            </DropdownItem>
            {(members.data ?? [])
              .filter((m) => m.userId !== me.id)
              .map((m) => (
                <DropdownItem
                  key={m.userId}
                  icon={<Avatar name={m.name} src={m.avatarUrl} size="xs" className="!h-4 !w-4 !text-[8px]" />}
                  checked={conv.assigneeId === m.userId}
                  onSelect={() => patch({ assigneeId: m.userId }, `Assigned to ${m.name}`)}
                >
                  {m.name}
                </DropdownItem>
              ))}
            {conv.assigneeId && (
              <>
                <DropdownSeparator />
                <DropdownItem
                  icon={<X className="h-4 w-4" />}
                  onSelect={() => patch({ assigneeId: null }, "Unassigned")}
                >
                  Unassign
                </DropdownItem>
              </>
            )}
          </DropdownContent>
        </DropdownRoot>

        <ThreadWorkflowActions conv={conv} patch={patch} />

        <div className="ml-1 flex items-center">
          <Button
            size="sm"
            variant={resolved ? "secondary" : "primary"}
            className="rounded-r-none"
            onClick={() =>
              patch(
                { status: resolved ? "OPEN" : "RESOLVED" },
                resolved ? "Conversation reopened" : "Conversation resolved",
              )
            }
            aria-keyshortcuts={resolved ? undefined : "e"}
            title={resolved ? "Reopen" : "Resolve (E)"}
          >
            {resolved ? (
              <RotateCcw className="h-4 w-4" aria-hidden="true" />
            ) : (
              <Check className="h-4 w-4" aria-hidden="true" />
            )}
            <span className="hidden sm:inline">{resolved ? "Reopen" : "Resolve"}</span>
          </Button>
          <DropdownRoot>
            <DropdownTrigger asChild>
              <Button
                size="sm"
                variant={resolved ? "secondary" : "primary"}
                className="rounded-l-none border-l border-white/20 !px-1.5"
                aria-label="Change status"
              >
                <ChevronDown className="h-4 w-4" />
              </Button>
            </DropdownTrigger>
            <DropdownContent>
              <DropdownLabel>Status</DropdownLabel>
              {(["OPEN", "PENDING", "RESOLVED"] as ConversationStatus[]).map((s) => (
                <DropdownItem
                  key={s}
                  checked={conv.status === s}
                  onSelect={() => patch({ status: s }, `Marked ${statusLabel[s].toLowerCase()}`)}
                >
                  {statusLabel[s]}
                </DropdownItem>
              ))}
            </DropdownContent>
          </DropdownRoot>
        </div>
      </div>
    </header>
  );
}
