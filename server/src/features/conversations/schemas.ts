import { z } from "zod";

const PRIORITIES = ["NONE", "LOW", "MEDIUM", "HIGH", "URGENT"] as const;
/** A year ahead at most: a later "snooze" is a way of forgetting a customer. */
const MAX_SNOOZE_MS = 366 * 24 * 3600_000;

export const priority = z.enum(PRIORITIES, { error: "must be NONE, LOW, MEDIUM, HIGH or URGENT" });
export const status = z.enum(["OPEN", "PENDING", "RESOLVED"], { error: "must be OPEN, PENDING or RESOLVED" });

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
  status: status.optional(),
  unread: boolParam.optional(),
  assignee: z.literal("me", { error: "must be me" }).optional(),
  type: z.enum(["DIRECT", "COMMENT"], { error: "must be DIRECT or COMMENT" }).optional(),
  postId: z.string({ error: "must be a post id" }).trim().min(1).max(100, { error: "is not a post id" }).optional(),
  priority: priority.optional(),
  /** Conversations carrying this label (an id of another workspace's label finds nothing). */
  label: z.guid({ error: "must be a label id" }).optional(),
  /** true: the Snoozed filter; false: what the Open and Pending tabs show (snoozed conversations leave them). */
  snoozed: boolParam.optional(),
  sort: z.enum(["recent", "priority"], { error: "must be recent or priority" }).default("recent"),
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

export const assigneeId = z.guid({ error: "must be a user id" }).nullable();

/** An ISO time in the future (up to a year), or "until_reply": until the customer writes. */
export const snoozeUntil = z.union(
  [
    z.literal("until_reply"),
    z.iso
      .datetime({ offset: true, error: 'must be an ISO time or "until_reply"' })
      .transform((v) => new Date(v))
      .refine((d) => d.getTime() > Date.now(), { error: "must be in the future" })
      .refine((d) => d.getTime() <= Date.now() + MAX_SNOOZE_MS, { error: "must be within a year" }),
  ],
  { error: 'must be an ISO time or "until_reply"' },
);

export const labelIds = z
  .array(z.guid({ error: "must be a label id" }), { error: "must be a list of label ids" })
  .max(50, { error: "must have at most 50 labels" })
  .transform((ids) => [...new Set(ids)]);

export const patchBody = z
  .strictObject({
    status: status.optional(),
    assigneeId: assigneeId.optional(),
    priority: priority.optional(),
    snoozedUntil: snoozeUntil.nullable().optional(),
    labelIds: labelIds.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, {
    error: "must change status, assigneeId, priority, snoozedUntil or labelIds",
  });

/** POST /conversations/:id/typing carries nothing: the conversation and the caller are the whole message. */
export const typingBody = z.object({}).strict();
