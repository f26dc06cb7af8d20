/** What an agent asks to send: the body of POST /api/conversations/:id/messages, parsed. */
export type ReplyInput = {
  clientId: string;
  text?: string;
  attachment?: { type: "image" | "video" | "audio" | "file"; url: string };
  /** Files uploaded first (POST /api/uploads), sent in this order, one message each. */
  attachments?: { uploadId: string }[];
  tag?: "HUMAN_AGENT";
  template?: { name: string; language: string; components?: unknown[] };
  /** Comment threads: answer in the thread (public, the default) or by DM to the comment's author (private). */
  mode?: "public" | "private";
  /**
   * The message answered. Comment threads: the comment replied to (default: the thread's top comment). Direct
   * threads: the message quoted (WhatsApp `context`, Messenger and Instagram `reply_to`).
   */
  replyToMessageId?: string;
};
