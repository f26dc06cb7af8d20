import { z } from "zod";

export const noteBody = z.strictObject({
  text: z
    .string({ error: "must be text" })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(4096, { error: "must be at most 4096 characters" }),
  mentions: z
    .array(z.uuid({ error: "must be user ids" }), { error: "must be a list of user ids" })
    .max(20)
    .optional(),
});
