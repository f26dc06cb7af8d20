import type { Conversation, Message } from "../src/lib/types";

let n = 0;
export function message(over: Partial<Message> = {}): Message {
  n++;
  return {
    id: `m${n}`,
    conversationId: "c1",
    externalId: `mid.${n}`,
    clientId: null,
    direction: "IN",
    kind: "text",
    text: null,
    attachments: [],
    replyTo: null,
    reactions: {},
    deleted: false,
    authorName: null,
    edited: false,
    editedAt: null,
    hidden: false,
    hiddenBy: null,
    liked: false,
    privateReply: null,
    status: "RECEIVED",
    error: null,
    errorCode: null,
    meta: null,
    sentByUserId: null,
    sentBy: null,
    timestamp: "2026-03-10T12:00:00.000Z",
    platformTimestamp: "2026-03-10T12:00:00.000Z",
    createdAt: "2026-03-10T12:00:00.000Z",
    updatedAt: "2026-03-10T12:00:00.000Z",
    ...over,
  };
}

export function conversation(over: Partial<Conversation> = {}): Conversation {
  n++;
  return {
    id: `c${n}`,
    platform: "MESSENGER",
    type: "DIRECT",
    post: null,
    accountId: "a1",
    account: { id: "a1", name: "Bloom & Co" },
    accountName: "Bloom & Co",
    contact: { id: `k${n}`, name: `Customer ${n}`, avatarUrl: null, externalId: `psid${n}` },
    status: "OPEN",
    assigneeId: null,
    labels: [],
    priority: "NONE",
    snoozedUntil: null,
    lastMessageAt: "2026-03-10T12:00:00.000Z",
    lastMessagePreview: "Hello",
    lastInboundAt: "2026-03-10T12:00:00.000Z",
    replyWindowEndsAt: "2026-03-11T12:00:00.000Z",
    unreadCount: 0,
    createdAt: "2026-03-10T12:00:00.000Z",
    ...over,
  };
}
