import { z } from "zod";

export const uploadQuery = z.strictObject({
  conversationId: z.guid({ error: "must be a conversation id" }).optional(),
});
