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

/** A free-text business detail: trimmed, and empty means "not set" (null), as clearing a form field does. */
const detail = (max: number) =>
  z
    .string({ error: "must be text or null" })
    .trim()
    .max(max, { error: `must be at most ${max} characters` })
    .nullable()
    .transform((v) => v || null);

/** The business's site, as customers would type it: a scheme is added when missing; only http(s) is allowed. */
const website = detail(200).transform((v, ctx) => {
  if (v === null) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
  const url = URL.canParse(withScheme) ? new URL(withScheme) : null;
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname.includes(".")) {
    ctx.addIssue({ code: "custom", message: "must be a web address such as https://example.com" });
    return z.NEVER;
  }
  return url.href;
});

/** Digits with the usual separators and an optional leading +, as printed on a shop's door. */
const phone = detail(40).refine((v) => v === null || /^\+?[0-9][0-9 ().-]{4,}$/.test(v), {
  error: "must be a phone number such as +44 20 7946 0958",
});

const business = z.strictObject(
  {
    name: detail(100).optional(),
    address: detail(300).optional(),
    website: website.optional(),
    phone: phone.optional(),
  },
  { error: "must be an object" },
);

export const updateWorkspaceBody = z
  .strictObject({ name: workspaceName.optional(), timeZone: timeZone.optional(), business: business.optional() })
  .refine((b) => b.name !== undefined || b.timeZone !== undefined || b.business !== undefined, {
    message: "give a name, a timeZone or business details",
  });

export const addMemberBody = z.strictObject({
  email,
  role: z.enum(["ADMIN", "AGENT"], { error: "must be ADMIN or AGENT" }),
  name: personName.optional(),
  password: password.optional(),
});
