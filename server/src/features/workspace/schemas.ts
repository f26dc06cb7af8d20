import { z } from "zod";
import { email, password, personName, workspaceName } from "../auth/schemas";

/**
 * An IANA zone name ("Europe/Paris", "UTC"), returned in its canonical spelling. Offsets such as
 * "+01:00" are refused even though Intl accepts them: analytics buckets days by zone, and a fixed
 * offset would silently ignore daylight saving.
 */
export const timeZone = z
  .string()
  .trim()
  .transform((tz, ctx) => {
    const canonical = /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz) ? canonicalZone(tz) : undefined;
    if (!canonical) {
      ctx.addIssue({ code: "custom", message: "must be an IANA time zone such as Europe/Paris" });
      return z.NEVER;
    }
    return canonical;
  });

function canonicalZone(tz: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const updateWorkspaceBody = z
  .strictObject({ name: workspaceName.optional(), timeZone: timeZone.optional() })
  .refine((b) => b.name !== undefined || b.timeZone !== undefined, { message: "give a name or a timeZone" });

export const addMemberBody = z.strictObject({
  email,
  role: z.enum(["ADMIN", "AGENT"], { error: "must be ADMIN or AGENT" }),
  name: personName.optional(),
  password: password.optional(),
});
