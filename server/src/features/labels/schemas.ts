import { z } from "zod";

const fields = {
  // Shown on a chip in the list: short, one line.
  name: z
    .string({ error: "must be text" })
    .trim()
    .min(1, { error: "must not be empty" })
    .max(32, { error: "must be at most 32 characters" })
    .regex(/^[^\r\n\t]*$/, { error: "must be one line" }),
  color: z
    .string({ error: "must be text" })
    .trim()
    .toLowerCase()
    .regex(/^#[0-9a-f]{6}$/, { error: "must be a colour like #3b82f6" }),
};

export const createBody = z.strictObject({ name: fields.name, color: fields.color.optional() });
export const patchBody = z
  .strictObject({ name: fields.name.optional(), color: fields.color.optional() })
  .refine((b) => Object.keys(b).length > 0, { error: "change at least one of name, color", path: ["name"] });
