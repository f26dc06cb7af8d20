import { z } from "zod";

const boolParam = z.enum(["true", "false"], { error: "must be true or false" }).transform((v) => v === "true");
const limit = (max: number, fallback: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);

export const listQuery = z.strictObject({
  platform: z
    .enum(["MESSENGER", "INSTAGRAM", "WHATSAPP"], { error: "must be MESSENGER, INSTAGRAM or WHATSAPP" })
    .optional(),
  status: z.enum(["OPEN", "PENDING", "RESOLVED"], { error: "must be OPEN, PENDING or RESOLVED" }).optional(),
  unread: boolParam.optional(),
  assignee: z.literal("me", { error: "must be me" }).optional(),
  type: z.enum(["DIRECT", "COMMENT"], { error: "must be DIRECT or COMMENT" }).optional(),
  postId: z.string({ error: "must be a post id" }).trim().min(1).max(100, { error: "is not a post id" }).optional(),
  q: z
    .string({ error: "must be text" })
    .trim()
    .max(200, { error: "must be at most 200 characters" })
    .transform((v) => v || undefined)
    .optional(),
  cursor: z.string({ error: "must be a cursor" }).max(200, { error: "is not a valid cursor" }).optional(),
  limit: limit(100, 30),
});

export const messagesQuery = z.strictObject({
  before: z.string({ error: "must be a cursor" }).max(200, { error: "is not a valid cursor" }).optional(),
  limit: limit(100, 50),
});

const label = z
  .string({ error: "must be text" })
  .trim()
  .min(1, { error: "must not be empty" })
  .max(32, { error: "must be at most 32 characters" });

export const patchBody = z
  .strictObject({
    status: z.enum(["OPEN", "PENDING", "RESOLVED"], { error: "must be OPEN, PENDING or RESOLVED" }).optional(),
    assigneeId: z.guid({ error: "must be a user id" }).nullable().optional(),
    labels: z
      .array(label, { error: "must be a list of labels" })
      .max(20, { error: "must have at most 20 labels" })
      .transform((ls) => [...new Set(ls)])
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: "must change status, assigneeId or labels" });

// Any 8-4-4-4-12 hex id Postgres accepts (z.uuid would also demand an RFC version nibble).

/** POST /conversations/:id/typing carries nothing: the conversation and the caller are the whole message. */
export const typingBody = z.object({}).strict();
