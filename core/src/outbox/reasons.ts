import { GraphError } from "../platforms/graph";

/** Whether a failed send is worth retrying: only Meta's transient and rate-limit answers are. */
export const isTransient = (e: unknown) =>
  !(e instanceof GraphError) || e.kind === "transient" || e.kind === "rate_limit";

/** Messenger 2018008 (could not fetch the URL), 2018047 (type mismatch), 2018109 (too large); WhatsApp 131053. */
const ATTACHMENT_REFUSALS = new Set([2018008, 2018047, 2018109, 131053]);

/**
 * Meta's reason for a failed send, in words an agent understands (Meta's own words follow in brackets).
 * `permissionGone`: debug_token confirmed a permission error (otherwise it was about this one message).
 */
export function failureReason(e: unknown, opts: { permissionGone?: boolean } = {}): { message: string; code: string } {
  if (!(e instanceof GraphError))
    return { message: `Sending failed: ${(e as Error)?.message ?? String(e)}`, code: "unknown" };
  const code = e.subcode ? `${e.code}/${e.subcode}` : String(e.code);
  const said = ` (Meta: ${e.message})`;
  const plain: Record<string, string> = {
    auth: "The connection to this account has expired or was revoked. Reconnect the account in Settings → Channels, then retry.",
    permission: opts.permissionGone
      ? "Parley is missing a permission for this account. Reconnect it in Settings → Channels and accept every permission."
      : "Meta refused this message with a permission error, although the account's permissions are intact. Your other conversations are not affected.",
    window:
      e.code === 131047
        ? "More than 24 hours have passed since the customer last wrote, so WhatsApp only accepts an approved template."
        : "The reply window has closed: the customer last wrote more than 24 hours ago. Use the human-agent tag (up to 7 days) or wait for them to write.",
    rate_limit:
      "Meta is limiting how fast this account can send. Parley kept retrying without success; try again in a few minutes.",
    transient: "Meta could not be reached or had a temporary problem. Try again in a moment.",
    recipient:
      "This person isn't accepting messages from you right now (they may have blocked the account, turned off messages or deactivated theirs). Your other conversations are not affected.",
    restricted:
      e.code === 131048
        ? "WhatsApp is limiting how many messages this number may send, because of spam reports or low quality. Wait before sending more; check the number's quality in WhatsApp Manager."
        : "Meta has temporarily restricted this account from sending messages (a policy restriction). Check the account's quality in Meta Business Suite; your connection is fine.",
    undeliverable:
      e.code >= 132000 && e.code < 133000
        ? "WhatsApp refused the template: check its name, language and parameters, and that it is approved."
        : "Meta could not deliver this message to the customer.",
    invalid: ATTACHMENT_REFUSALS.has(e.subcode ?? e.code)
      ? "Meta could not take the attached file (it could not fetch it, or its type or size is not accepted there)."
      : "Meta refused the message as invalid (for example an attachment URL it cannot fetch, or text that is too long).",
  };
  return { message: plain[e.kind] + said, code };
}
