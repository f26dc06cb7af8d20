import type { Config } from "../config";
import type { Db } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import { sendMail } from "../mail/send";
import { hashPassword } from "./password";
import { hashToken, newLinkToken } from "./tokens";

export const RESET_TTL_MS = 60 * 60 * 1000;

type ResetDeps = { db: Db; config: Pick<Config, "PUBLIC_URL" | "SMTP_URL" | "MAIL_FROM"> };

/**
 * Mails a reset link to `email` if it has an account, and does nothing otherwise: the caller is told
 * the same either way, and the mail is sent after the answer so its time cannot tell them either.
 */
export async function requestPasswordReset(deps: ResetDeps, email: string): Promise<void> {
  const user = await deps.db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  const { token, tokenHash } = newLinkToken();
  await deps.db.passwordReset.create({
    data: { userId: user.id, tokenHash, expiresAt: new Date(Date.now() + RESET_TTL_MS) },
  });
  const link = `${deps.config.PUBLIC_URL.replace(/\/$/, "")}/reset-password/${token}`;
  void sendMail(
    deps.config,
    {
      to: email,
      subject: "Reset your Parley password",
      text: [
        "Someone (hopefully you) asked to reset the password of your Parley account.",
        "",
        "Choose a new password (the link works once, for one hour):",
        link,
        "",
        "If you did not ask for this, ignore this email: your password stays as it is.",
      ].join("\n"),
    },
    link,
  ).catch((err) => logger.error({ err }, "password reset: could not send the mail"));
}

/**
 * Sets a new password with a reset link's token (single use, one hour), and ends every session of the
 * account: whoever may have had the old password is signed out everywhere. Other pending links die too.
 */
export async function resetPassword(deps: { db: Db }, token: string, password: string): Promise<void> {
  const invalid = () => new AppError(404, "reset_invalid", "This reset link is invalid or has expired");
  const reset = await deps.db.passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true },
  });
  if (!reset) throw invalid();
  const passwordHash = await hashPassword(password);
  await deps.db.$transaction(async (tx) => {
    const now = new Date();
    // Conditional: of two concurrent uses of one link, only one sets a password.
    const spent = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (spent.count !== 1) throw invalid();
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash } });
    await tx.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: now } });
    await tx.session.updateMany({ where: { userId: reset.userId, revokedAt: null }, data: { revokedAt: now } });
  });
}
