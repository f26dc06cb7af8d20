import { z } from "zod";

// Emails are compared case-insensitively: stored and looked up trimmed and lower-cased.
export const email = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .max(254, { error: "must be at most 254 characters" })
  .pipe(z.email({ error: "must be an email" }));

// The upper bound keeps a huge "password" from ever reaching argon2 (a cheap CPU-burn attack).
export const password = z
  .string({ error: "is required" })
  .min(8, { error: "must be at least 8 characters" })
  .max(128, { error: "must be at most 128 characters" });

export const personName = z
  .string({ error: "is required" })
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "must be at most 100 characters" });

export const workspaceName = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "must be at most 100 characters" });

export const registerBody = z.strictObject({
  email,
  password,
  name: personName,
  workspaceName: workspaceName.optional(),
});

// Login only bounds the password: rules may change, and old passwords must keep working.
export const loginBody = z.strictObject({
  email,
  password: z
    .string({ error: "is required" })
    .min(1, { error: "is required" })
    .max(128, { error: "must be at most 128 characters" }),
});

export const switchWorkspaceBody = z.strictObject({ workspaceId: z.string({ error: "is required" }).min(1) });

export const changePasswordBody = z.strictObject({
  currentPassword: z
    .string({ error: "is required" })
    .min(1, { error: "is required" })
    .max(128, { error: "must be at most 128 characters" }),
  newPassword: password,
});
