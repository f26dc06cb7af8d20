import { z } from "zod";
import { email, password, personName } from "../auth/schemas";

export const inviteBody = z.strictObject({
  email,
  role: z.enum(["ADMIN", "AGENT"], { error: "must be ADMIN or AGENT" }),
});

// New account: name and password; existing account: its password; signed in: nothing.
export const acceptBody = z.strictObject({
  name: personName.optional(),
  password: z.string({ error: "must be a string" }).max(128, { error: "must be at most 128 characters" }).optional(),
});
// A new account's password must meet the rules; an existing one's is only bounded (like login).
export const newAccountBody = z.object({ password });

export const changeRoleBody = z.strictObject({
  role: z.enum(["OWNER", "ADMIN", "AGENT"], { error: "must be OWNER, ADMIN or AGENT" }),
});
