import { z } from "zod";

const fields = {
  title: z.string({ error: "must be text" }).trim().min(1, { error: "must not be empty" }).max(100, {
    error: "must be at most 100 characters",
  }),
  // What follows "/" in the composer: one word, so the picker can match it as it is typed.
  shortcut: z
    .string({ error: "must be text" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, { error: "must be one word of letters, digits, - or _ (up to 32)" }),
  body: z.string({ error: "must be text" }).trim().min(1, { error: "must not be empty" }).max(4096, {
    error: "must be at most 4096 characters",
  }),
};

export const createBody = z.strictObject(fields);
export const patchBody = z
  .strictObject({ title: fields.title.optional(), shortcut: fields.shortcut.optional(), body: fields.body.optional() })
  .refine((b) => Object.keys(b).length > 0, { error: "change at least one of title, shortcut, body", path: ["body"] });
