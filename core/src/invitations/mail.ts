import type { Config } from "../config";
import { sendMail } from "../mail/send";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const invitationLink = (config: Pick<Config, "PUBLIC_URL">, token: string) =>
  `${config.PUBLIC_URL.replace(/\/$/, "")}/invite/${token}`;

/** Mails the invitation; false when SMTP is not configured (the link was logged instead). */
export function mailInvitation(
  config: Pick<Config, "SMTP_URL" | "MAIL_FROM">,
  to: { email: string; workspaceName: string; inviterName: string | null; link: string },
): Promise<boolean> {
  const who = to.inviterName ? `${to.inviterName} invited you` : "You are invited";
  return sendMail(
    config,
    {
      to: to.email,
      subject: `Join ${to.workspaceName} on Parley`,
      text: [
        `${who} to answer customers with the ${to.workspaceName} team on Parley.`,
        "",
        "Accept the invitation (the link works for 7 days):",
        to.link,
        "",
        "If you did not expect this, you can ignore this email.",
      ].join("\n"),
    },
    to.link,
  );
}
