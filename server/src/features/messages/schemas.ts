import { z } from "zod";

export const sendBody = z
  .object({
    clientId: z.uuid(),
    text: z.string().trim().min(1, "must not be empty").max(4096).optional(),
    attachment: z
      // The URL's rules (https, public host) are core's: queueReply answers 400 invalid_attachment_url.
      .object({ type: z.enum(["image", "video", "audio", "file"]), url: z.string().trim().min(1).max(2048) })
      .strict()
      .optional(),
    attachments: z
      .array(z.strictObject({ uploadId: z.guid({ error: "must be an upload id" }) }), {
        error: "must be a list of {uploadId}",
      })
      .min(1, { error: "must not be empty" })
      .max(10, { error: "must have at most 10 files" })
      .optional(),
    tag: z.literal("HUMAN_AGENT").optional(),
    mode: z.enum(["public", "private"], { error: "must be public or private" }).optional(),
    replyToMessageId: z.guid({ error: "must be a message id" }).optional(),
    template: z
      .object({
        name: z.string().min(1).max(512),
        language: z.string().min(2).max(15),
        components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => b.text || b.attachment || b.attachments || b.template, {
    message: "send a text, an attachment or a template",
    path: ["text"],
  })
  .refine((b) => !(b.attachment && b.attachments), {
    message: "send either attachment (a link) or attachments (uploads), not both",
    path: ["attachments"],
  })
  .refine((b) => !(b.template && b.attachments), {
    message: "a template carries no uploads",
    path: ["attachments"],
  });
