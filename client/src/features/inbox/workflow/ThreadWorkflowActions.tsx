import { AlarmClock, Tag } from "lucide-react";
import { Button } from "../../../components/ui/Button";
import { useNow } from "../../../hooks/useNow";
import type { Conversation } from "../../../lib/types";
import { LabelMenu } from "../../labels";
import type { ConversationPatch } from "../thread/hooks";
import { PriorityMenu } from "./PriorityMenu";
import { PriorityIcon, priorityLabel } from "./priority";
import { SnoozeMenu } from "./SnoozeMenu";
import { describeSnooze } from "./snoozePresets";

/** The thread header's priority, snooze and label buttons. */
export function ThreadWorkflowActions({
  conv,
  patch,
}: {
  conv: Conversation;
  patch: (p: ConversationPatch, done?: string) => void;
}) {
  const now = useNow();
  const snooze = describeSnooze(conv.snoozedUntil, now);
  const labelIds = conv.labels.map((l) => l.id);
  return (
    <>
      <PriorityMenu
        value={conv.priority}
        onChange={(priority) => patch({ priority }, `Priority: ${priorityLabel(priority)}`)}
        trigger={
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Priority: ${priorityLabel(conv.priority)}. Change priority`}
            aria-keyshortcuts="0 1 2 3 4"
            title="Priority (0–4)"
          >
            <PriorityIcon priority={conv.priority} />
            {conv.priority !== "NONE" && (
              <span className="hidden text-xs lg:inline">{priorityLabel(conv.priority)}</span>
            )}
          </Button>
        }
      />
      <SnoozeMenu
        snoozed={!!conv.snoozedUntil}
        onChange={(until) => patch({ snoozedUntil: until }, until ? "Conversation snoozed" : "Conversation unsnoozed")}
        trigger={
          <Button
            size="sm"
            variant={snooze ? "subtle" : "ghost"}
            aria-label={snooze ? `Snoozed ${snooze}. Change snooze` : "Snooze"}
            title={snooze ? `Snoozed ${snooze}` : "Snooze"}
          >
            <AlarmClock className="h-4 w-4" />
            {snooze && <span className="hidden max-w-36 truncate text-xs xl:inline">{snooze}</span>}
          </Button>
        }
      />
      <LabelMenu
        checked={(l) => labelIds.includes(l.id)}
        onToggle={(l, on) => patch({ labelIds: on ? [...labelIds, l.id] : labelIds.filter((id) => id !== l.id) })}
        trigger={
          <Button
            size="sm"
            variant="ghost"
            title="Labels"
            aria-label={`Labels${labelIds.length ? `: ${conv.labels.map((l) => l.name).join(", ")}` : ""}`}
          >
            <Tag className="h-4 w-4" />
            {labelIds.length > 0 && <span className="text-xs tabular-nums">{labelIds.length}</span>}
          </Button>
        }
      />
    </>
  );
}
