import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; raw: string; text: string };

/**
 * A real SMTP server in this process (no auth, no TLS), so tests read exactly what nodemailer sent.
 * `url` is what SMTP_URL would be; `mailTo(address)` waits for the next mail to that address.
 */
export async function startSmtp() {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeBody(raw) });
        for (const w of waiters.splice(0)) w();
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const find = (address: string, after: number) => received.slice(after).find((m) => m.to.includes(address));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The first mail to `address` after the first `after` mails received (default: any). */
    async mailTo(address: string, after = 0, timeoutMs = 5_000): Promise<ReceivedMail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = find(address, after);
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The message's body with quoted-printable soft breaks and escapes undone, so links read whole. */
function decodeBody(raw: string): string {
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(raw)) return body;
  return body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** The first link to `path` (e.g. "/invite/") in a mail's text, and its token. */
export function linkIn(mail: ReceivedMail, path: string): { url: string; token: string } {
  const m = mail.text.match(new RegExp(`https?://\\S+${path.replace(/\//g, "\\/")}([A-Za-z0-9_-]+)`));
  if (!m) throw new Error(`no ${path} link in mail:\n${mail.text}`);
  return { url: m[0], token: m[1] };
}
