import { z } from "zod";
import { assigneeId, labelIds, priority, snoozeUntil } from "./schemas";

/** How many conversations one bulk request may change: a few pages of the list. */
export const MAX_BULK = 500;

const action = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("assign"), userId: assigneeId }),
    z
      .strictObject({
        type: z.literal("label"),
        labelIds: labelIds.optional(),
        add: labelIds.optional(),
        remove: labelIds.optional(),
      })
      .refine((a) => a.labelIds !== undefined || a.add?.length || a.remove?.length, {
        error: "must give labelIds, or labels to add or remove",
        path: ["add"],
      })
      .refine((a) => a.labelIds === undefined || (a.add === undefined && a.remove === undefined), {
        error: "labelIds replaces the labels: give it alone, or add/remove",
        path: ["labelIds"],
      }),
    z.strictObject({ type: z.literal("priority"), priority }),
    z.strictObject({ type: z.literal("resolve") }),
    z.strictObject({ type: z.literal("snooze"), until: snoozeUntil.nullable() }),
  ],
  { error: "must be assign, label, priority, resolve or snooze" },
);

export const bulkBody = z.strictObject({
  ids: z
    .array(z.guid({ error: "must be a conversation id" }), { error: "must be a list of conversation ids" })
    .min(1, { error: "must name at least one conversation" })
    .max(MAX_BULK, { error: `must name at most ${MAX_BULK} conversations` }),
  action,
});

export type BulkAction = z.infer<typeof action>;
