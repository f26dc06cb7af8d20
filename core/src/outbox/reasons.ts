import { GraphError } from "../platforms/graph";

/** Whether a failed send is worth retrying: only Meta's transient and rate-limit answers are. */
export const isTransient = (e: unknown) =>
  !(e instanceof GraphError) || e.kind === "transient" || e.kind === "rate_limit";

/** Meta's reason for a failed send, in words an agent understands (Meta's own words follow in brackets). */
export function failureReason(e: unknown): { message: string; code: string } {
  if (!(e instanceof GraphError))
    return { message: `Sending failed: ${(e as Error)?.message ?? String(e)}`, code: "unknown" };
  const code = e.subcode ? `${e.code}/${e.subcode}` : String(e.code);
  const said = ` (Meta: ${e.message})`;
  const plain: Record<string, string> = {
    auth: "The connection to this account has expired or was revoked. Reconnect the account in Settings → Channels, then retry.",
    permission:
      "Parley is missing a permission for this account. Reconnect it in Settings → Channels and accept every permission.",
    window:
      e.code === 131047
        ? "More than 24 hours have passed since the customer last wrote, so WhatsApp only accepts an approved template."
        : "The reply window has closed: the customer last wrote more than 24 hours ago. Use the human-agent tag (up to 7 days) or wait for them to write.",
    rate_limit:
      "Meta is limiting how fast this account can send. Parley kept retrying without success; try again in a few minutes.",
    transient: "Meta could not be reached or had a temporary problem. Try again in a moment.",
    undeliverable:
      e.code === 551
        ? "This person isn't available right now (they may have blocked the account or deleted theirs)."
        : e.code >= 132000 && e.code < 133000
          ? "WhatsApp refused the template: check its name, language and parameters, and that it is approved."
          : "Meta could not deliver this message to the customer.",
    invalid:
      "Meta refused the message as invalid (for example an attachment URL it cannot fetch, or text that is too long).",
  };
  return { message: plain[e.kind] + said, code };
}
