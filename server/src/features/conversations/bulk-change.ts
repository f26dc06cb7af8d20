import type { ConversationChange } from "@parley/core/conversations/change";
import type { BulkAction } from "./bulk-schemas";

/** A bulk action as the change it makes to each conversation. */
export function bulkChange(action: BulkAction): ConversationChange {
  switch (action.type) {
    case "assign":
      return { assigneeId: action.userId };
    case "label":
      return action.labelIds
        ? { labelIds: action.labelIds }
        : { addLabelIds: action.add ?? [], removeLabelIds: action.remove ?? [] };
    case "priority":
      return { priority: action.priority };
    case "resolve":
      return { status: "RESOLVED" };
    case "snooze":
      return { snoozedUntil: action.until };
  }
}
