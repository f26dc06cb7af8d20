import { z } from "zod";

export const listWebhookEventsQuery = z
  .object({
    status: z.enum(["RECEIVED", "PROCESSED", "FAILED"]).optional(),
    platform: z.enum(["messenger", "instagram", "whatsapp"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.string().optional(),
  })
  .strict();
