import type { ConversationStatus } from "../../lib/types";
import { Badge } from "./Badge";

const tone = { OPEN: "blue", PENDING: "amber", RESOLVED: "green" } as const;
export const statusLabel: Record<ConversationStatus, string> = {
  OPEN: "Open",
  PENDING: "Pending",
  RESOLVED: "Resolved",
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return (
    <Badge tone={tone[status]} dot>
      {statusLabel[status]}
    </Badge>
  );
}
