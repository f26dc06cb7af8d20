import { randomUUID } from "node:crypto";
import { type ConversationPresenceDto, PRESENCE_TTL_MS } from "@parley/core/conversations/presence";
import type { Announce } from "@parley/core/realtime/announce";
import { z } from "zod";

/** What a tab says over /ws after authenticating: the conversation it shows (null: none) and whether it types. */
const presenceMessage = z.strictObject({
  type: z.literal("presence"),
  conversationId: z.guid().nullable(),
  typing: z.boolean().optional(),
  joined: z.boolean().optional(),
});

/** The same state repeated faster than this is dropped: a tab cannot flood its teammates. */
const MIN_REPEAT_MS = 1_000;

type Tab = { workspaceId: string; user: { id: string; name: string } };

/**
 * One socket's presence in conversations (the collision warning). Each state the tab reports is announced to its
 * workspace's room, and only there; leaving a conversation, or the socket closing (tab closed, network gone), is
 * announced as "left". The sockets' rooms come from their tokens, so a conversation id of another workspace
 * reaches nobody there.
 */
export function conversationPresence(announce: Announce, tab: Tab) {
  const tabId = randomUUID();
  let current: string | null = null;
  let last = { key: "", at: 0 };
  const publish = (conversationId: string, state: ConversationPresenceDto["state"], joined = false) =>
    announce({
      presence: [
        {
          workspaceId: tab.workspaceId,
          presence: { conversationId, user: tab.user, tabId, state, ttlMs: PRESENCE_TTL_MS[state], joined },
        },
      ],
    });
  // One message at a time, so teammates hear a tab's states in the order it said them.
  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  };
  const handle = {
    /** Handles a message from the tab; false when it was not a presence message. */
    async receive(raw: unknown): Promise<boolean> {
      const msg = presenceMessage.safeParse(raw);
      if (!msg.success) return false;
      const { conversationId, typing, joined } = msg.data;
      if (current && current !== conversationId) await publish(current, "left");
      current = conversationId;
      if (!conversationId) return true;
      const state = typing ? "typing" : "viewing";
      const key = `${conversationId}:${state}:${joined ? 1 : 0}`;
      if (key === last.key && Date.now() - last.at < MIN_REPEAT_MS) return true;
      last = { key, at: Date.now() };
      await publish(conversationId, state, joined);
      return true;
    },
    async closed(): Promise<void> {
      if (current) await publish(current, "left");
      current = null;
    },
  };
  return {
    receive: (raw: unknown) => inOrder(() => handle.receive(raw)),
    closed: () => inOrder(() => handle.closed()),
  };
}
