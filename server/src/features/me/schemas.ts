import { z } from "zod";
import { uuid } from "../../http/ids";
import { personName } from "../auth/schemas";

export const profileBody = z
  .strictObject({
    name: personName.optional(),
    avatarUploadId: uuid.nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.avatarUploadId !== undefined, {
    message: "give a name or an avatarUploadId",
  });
