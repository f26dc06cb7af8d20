import { AlarmClock, Check, Tag, UserRound, X } from "lucide-react";
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
import { toast } from "../../../components/ui/Toast";
import type { Conversation } from "../../../lib/types";
import { useSession } from "../../auth";
import { LabelMenu } from "../../labels";
import { useMembers } from "../../workspace";
import { type BulkAction, useBulkAction } from "./hooks";
import { PriorityMenu } from "./PriorityMenu";
import { PriorityIcon, priorityLabel } from "./priority";
import { SnoozeMenu } from "./SnoozeMenu";
import type { Selection } from "./selection";

/**
 * Shown over the list while conversations are ticked: assign, label, set priority, snooze or resolve them all in
 * one request (all or none), then the selection clears.
 */
export function BulkBar({ selection, items }: { selection: Selection; items: Conversation[] }) {
  const bulk = useBulkAction();
  const members = useMembers();
  const me = useSession().user;
  const ids = [...selection.ids];
  const chosen = items.filter((c) => selection.ids.has(c.id));
  const n = ids.length;
  const run = (action: BulkAction, done: string, keep = false) =>
    bulk.mutate(
      { ids, action },
      {
        onSuccess: () => {
          toast(done);
          if (!keep) selection.clear();
        },
        onError: (e) => toast(e.message, "error"),
      },
    );
  const plural = (what: string) => `${n} conversation${n === 1 ? "" : "s"} ${what}`;

  return (
    <section
      aria-label="Bulk actions"
      className="flex items-center gap-1 border-b border-accent-100 bg-accent-50 px-3 py-1.5"
      data-testid="bulk-bar"
    >
      <Button size="icon-sm" variant="ghost" aria-label="Clear selection" title="Clear (Esc)" onClick={selection.clear}>
        <X className="h-4 w-4" />
      </Button>
      <span className="mr-auto text-[13px] font-medium text-accent-800 tabular-nums" aria-live="polite">
        {n} selected
      </span>

      <DropdownRoot>
        <DropdownTrigger asChild>
          <Button size="icon-sm" variant="ghost" aria-label="Assign selected" title="Assign">
            <UserRound className="h-4 w-4" />
          </Button>
        </DropdownTrigger>
        <DropdownContent>
          <DropdownLabel>Assign to</DropdownLabel>
          <DropdownItem
            icon={<Avatar name={me.name} src={me.avatarUrl} size="xs" className="!h-4 !w-4 !text-[8px]" />}
            onSelect={() => run({ type: "assign", userId: me.id }, plural("assigned to you"))}
          >
            Me
          </DropdownItem>
          {(members.data ?? [])
            .filter((m) => m.userId !== me.id)
            .map((m) => (
              <DropdownItem
                key={m.userId}
                icon={<Avatar name={m.name} src={m.avatarUrl} size="xs" className="!h-4 !w-4 !text-[8px]" />}
                onSelect={() => run({ type: "assign", userId: m.userId }, plural(`assigned to ${m.name}`))}
              >
                {m.name}
              </DropdownItem>
            ))}
          <DropdownSeparator />
          <DropdownItem
            icon={<X className="h-4 w-4" />}
            onSelect={() => run({ type: "assign", userId: null }, plural("unassigned"))}
          >
            Unassign
          </DropdownItem>
        </DropdownContent>
      </DropdownRoot>

      <LabelMenu
        title="Label selected"
        checked={(l) => {
          const having = chosen.filter((c) => c.labels.some((x) => x.id === l.id)).length;
          return having === 0 ? false : having === chosen.length ? true : "some";
        }}
        onToggle={(l, on) =>
          run(
            on ? { type: "label", add: [l.id] } : { type: "label", remove: [l.id] },
            on ? plural(`labelled “${l.name}”`) : plural(`no longer labelled “${l.name}”`),
            true,
          )
        }
        trigger={
          <Button size="icon-sm" variant="ghost" aria-label="Label selected" title="Label">
            <Tag className="h-4 w-4" />
          </Button>
        }
      />

      <PriorityMenu
        onChange={(priority) =>
          run({ type: "priority", priority }, plural(`set to ${priorityLabel(priority).toLowerCase()}`))
        }
        trigger={
          <Button size="icon-sm" variant="ghost" aria-label="Set priority of selected" title="Priority">
            <PriorityIcon priority="HIGH" />
          </Button>
        }
      />

      <SnoozeMenu
        snoozed={chosen.some((c) => c.snoozedUntil)}
        onChange={(until) => run({ type: "snooze", until }, until ? plural("snoozed") : plural("unsnoozed"))}
        trigger={
          <Button size="icon-sm" variant="ghost" aria-label="Snooze selected" title="Snooze">
            <AlarmClock className="h-4 w-4" />
          </Button>
        }
      />

      <Button
        size="sm"
        variant="primary"
        className="ml-1"
        loading={bulk.isPending}
        onClick={() => run({ type: "resolve" }, plural("resolved"))}
      >
        <Check className="h-4 w-4" aria-hidden="true" />
        Resolve
      </Button>
    </section>
  );
}
