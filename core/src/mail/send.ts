import nodemailer, { type Transporter } from "nodemailer";
import type { Config } from "../config";
import { logger } from "../logger";

export type MailConfig = Pick<Config, "SMTP_URL" | "MAIL_FROM">;
export type Mail = { to: string; subject: string; text: string };

// One pooled transport per SMTP URL, built on first use: tests point different apps at different servers.
const transports = new Map<string, Transporter>();
const transportFor = (url: string) => {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
};

export const mailConfigured = (config: MailConfig) => Boolean(config.SMTP_URL);

/**
 * Sends `mail` over SMTP_URL. Without SMTP the mail is logged instead (links included, so a self-hosted
 * instance without a mail server still works); `link` names the link for that log line.
 * Returns whether the mail went out.
 */
export async function sendMail(config: MailConfig, mail: Mail, link: string): Promise<boolean> {
  if (!config.SMTP_URL) {
    logger.info({ to: mail.to, subject: mail.subject, link }, "mail: SMTP_URL is not set; link logged instead");
    return false;
  }
  await transportFor(config.SMTP_URL).sendMail({ from: config.MAIL_FROM, ...mail });
  return true;
}
