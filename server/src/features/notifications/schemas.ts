import { z } from "zod";

export const listQuery = z.strictObject({
  unread: z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((v) => v === "true")
    .optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(100, { error: "must be at most 100" })
    .default(30),
});

export const readBody = z.union(
  [
    z.strictObject({
      ids: z
        .array(z.uuid({ error: "must be notification ids" }), { error: "must be a list of ids" })
        .min(1)
        .max(200),
    }),
    z.strictObject({ all: z.literal(true, { error: "must be true" }) }),
  ],
  { error: "send {ids: [...]} or {all: true}" },
);

export const preferencesBody = z.strictObject({
  assigned: z.boolean({ error: "must be true or false" }).optional(),
  mention: z.boolean({ error: "must be true or false" }).optional(),
  assignedMessage: z.boolean({ error: "must be true or false" }).optional(),
  unassignedConversation: z.boolean({ error: "must be true or false" }).optional(),
});
