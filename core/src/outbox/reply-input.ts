/** What an agent asks to send: the body of POST /api/conversations/:id/messages, parsed. */
export type ReplyInput = {
  clientId: string;
  text?: string;
  attachment?: { type: "image" | "video" | "audio" | "file"; url: string };
  tag?: "HUMAN_AGENT";
  template?: { name: string; language: string; components?: unknown[] };
  /** Comment threads: answer in the thread (public, the default) or by DM to the comment's author (private). */
  mode?: "public" | "private";
  /** Comment threads: the comment answered (default: the thread's top comment). */
  replyToMessageId?: string;
};
