import { lookup } from "node:dns/promises";
import { AppError } from "../errors";
import { isPublicAddress, literalAddress } from "./address-policy";

const invalid = (why: string) =>
  new AppError(400, "invalid_attachment_url", `The attachment URL ${why}`, { "attachment.url": why });

/**
 * An attachment URL an agent gives must be https on a public host: Meta fetches it to deliver the reply,
 * and Parley's archive fetches it once (re-checked then, pinned to the checked address). A name that does
 * not exist is refused; a resolver that is merely unavailable is not held against the agent.
 */
export async function assertAgentAttachmentUrl(raw: string): Promise<void> {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalid("is not a URL");
  }
  if (u.protocol !== "https:") throw invalid("must use https");
  if (u.username || u.password) throw invalid("must not carry credentials");
  const literal = literalAddress(u.hostname);
  if (literal) {
    if (!isPublicAddress(literal)) throw invalid("must point to a public host");
    return;
  }
  if (!u.hostname.includes(".") || /\.(localhost|local|internal)$/i.test(u.hostname))
    throw invalid("must point to a public host");
  let addresses: { address: string }[];
  try {
    addresses = await lookup(u.hostname, { all: true, verbatim: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOTFOUND" || code === "ENODATA") throw invalid("names a host that does not exist");
    return;
  }
  if (addresses.some((a) => !isPublicAddress(a.address))) throw invalid("must point to a public host");
}
