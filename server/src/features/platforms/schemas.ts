import { z } from "zod";
import { uuid } from "../../http/ids";

const graphId = z.string().regex(/^\d{1,30}$/, "must be a numeric Meta id");

export const metaConnectStartBody = z.object({ rerequest: z.boolean().optional() }).strict();

export const metaConnectBody = z
  .object({
    sessionId: uuid,
    pageIds: z.array(graphId).max(100).default([]),
    instagramIds: z.array(graphId).max(100).default([]),
  })
  .strict();

export const whatsappConnectBody = z
  .object({
    phoneNumberId: graphId,
    wabaId: graphId,
    accessToken: z.string().trim().min(20, "must be the full access token").max(1000),
  })
  .strict();
