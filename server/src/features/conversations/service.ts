import type { ConversationDto } from "@parley/core/conversations/dto";
import { type ConversationChange, markRead, updateConversation } from "@parley/core/conversations/update";
import type { Deps } from "../../deps";

// Writes that other open dashboards must see: each publishes conversation.updated after it commits.

async function announce(deps: Pick<Deps, "publish">, workspaceId: string, conversation: ConversationDto) {
  await deps.publish(workspaceId, { type: "conversation.updated", data: { conversation } });
  return conversation;
}

export async function readConversation(deps: Pick<Deps, "db" | "publish">, workspaceId: string, id: string) {
  return announce(deps, workspaceId, await markRead(deps.db, workspaceId, id));
}

export async function changeConversation(
  deps: Pick<Deps, "db" | "publish">,
  workspaceId: string,
  id: string,
  change: ConversationChange,
) {
  return announce(deps, workspaceId, await updateConversation(deps.db, workspaceId, id, change));
}
