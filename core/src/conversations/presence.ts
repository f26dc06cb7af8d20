/**
 * Who else is in a conversation right now (the collision warning, issue #16 item 12): one tab of a teammate
 * viewing it, typing in it, or gone. Nothing is stored: each tab repeats its state while it lasts, and a state
 * not repeated within `ttlMs` has lapsed (a tab that died without a word, an instance that crashed).
 */
export type ConversationPresenceDto = {
  conversationId: string;
  user: { id: string; name: string };
  /** One browser tab (one socket): the same person may have the conversation open twice. */
  tabId: string;
  state: "viewing" | "typing" | "left";
  ttlMs: number;
  /** The tab just arrived: those already there answer with their own state at once. */
  joined?: boolean;
};

/** How long a state holds without being repeated. Viewing is repeated every 10 s, typing while keys are pressed. */
export const PRESENCE_TTL_MS = { viewing: 25_000, typing: 6_000, left: 0 } as const;
