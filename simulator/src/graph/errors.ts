import { fbtraceId } from "../ids";

/** Meta's documented Graph errors (docs/meta-platform.md, "Errors"), keyed "code" or "code/subcode". */
const CATALOG: Record<string, { message: string; status?: number; type?: string; details?: string }> = {
  "1": { message: "An unknown error has occurred.", status: 500 },
  "2": { message: "An unexpected error has occurred. Please retry your request later.", status: 503 },
  "4": { message: "(#4) Application request limit reached" },
  "10": { message: "(#10) Application does not have permission for this action" },
  "10/2018278": {
    message:
      "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
  },
  "10/2534022": { message: "(#10) This message is sent outside of allowed window." },
  "17": { message: "(#17) User request limit reached" },
  "32": { message: "(#32) Page request limit reached" },
  "100": { message: "(#100) Invalid parameter" },
  "100/33": { message: "Unsupported get request.", type: "GraphMethodException" },
  "100/2018001": { message: "(#100) No matching user found" },
  "104": { message: "An access token is required to request this resource." },
  "190": { message: "Invalid OAuth access token - Cannot parse access token", status: 400 },
  "190/458": { message: "Error validating access token: The user has not authorized application." },
  "190/460": {
    message:
      "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
  },
  "190/463": { message: "Error validating access token: Session has expired." },
  "190/467": { message: "Error validating access token: The user is not logged in." },
  "200": { message: "(#200) Requires pages_messaging permission to manage the object", status: 403 },
  "551": { message: "(#551) This person isn't available right now." },
  "613": { message: "(#613) Calls to this api have exceeded the rate limit." },
  "80001": { message: "(#80001) There have been too many calls to this Page account. Wait a bit and try again." },
  "80002": { message: "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again." },
  "80006": {
    message: "(#80006) There have been too many messaging calls to this Page account. Wait a bit and try again.",
  },
  "80007": { message: "(#80007) Rate limit issues for the WhatsApp Business Account." },
  "130429": { message: "(#130429) Rate limit hit", details: "Cloud API message throughput has been reached." },
  "131026": {
    message: "(#131026) Message Undeliverable.",
    details:
      "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number, or the recipient has not accepted the new Terms of Service.",
  },
  "131047": {
    message: "(#131047) Re-engagement message",
    details:
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  "131048": {
    message: "(#131048) Spam rate limit hit",
    details:
      "Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam.",
  },
  "131057": {
    message: "(#131057) Account in maintenance mode",
    details: "Business Account is in maintenance mode",
  },
  "131056": {
    message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
    details:
      "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.",
  },
  "132001": {
    message: "(#132001) Template name does not exist in the translation",
    details: "template name does not exist in the translation",
  },
};

const WHATSAPP_CODES = (code: number) => code >= 130000 && code < 140000;
export const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80006, 80007, 130429, 131056]);

export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: Record<string, unknown> },
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.error.message));
  }
}

export function graphError(
  code: number,
  opts: {
    subcode?: number;
    status?: number;
    message?: string;
    details?: string;
    headers?: Record<string, string>;
  } = {},
): GraphHttpError {
  const entry = CATALOG[`${code}/${opts.subcode}`] ??
    CATALOG[String(code)] ?? { message: `(#${code}) Simulated error` };
  const error: Record<string, unknown> = {
    message: opts.message ?? entry.message,
    type: entry.type ?? "OAuthException",
    code,
  };
  if (opts.subcode !== undefined) error.error_subcode = opts.subcode;
  if (code === 10 && (opts.subcode === 2018278 || opts.subcode === 2534022)) {
    error.error_user_title = "Message not sent";
    error.error_user_msg =
      "This message can't be sent because more than 24 hours have passed since the person last messaged.";
  }
  if (WHATSAPP_CODES(code))
    error.error_data = { messaging_product: "whatsapp", details: opts.details ?? entry.details ?? entry.message };
  error.fbtrace_id = fbtraceId();
  return new GraphHttpError(opts.status ?? entry.status ?? 400, { error }, opts.headers);
}

/** X-App-Usage / X-Business-Use-Case-Usage as Meta sends them (percentages, regain time in minutes). */
export function usageHeaders(
  businessId: string | undefined,
  percent: number,
  regainMinutes: number,
  type = "pages",
): Record<string, string> {
  const u = { call_count: percent, total_cputime: Math.round(percent / 3), total_time: Math.round(percent / 2) };
  const h: Record<string, string> = { "X-App-Usage": JSON.stringify(u) };
  if (businessId) {
    h["X-Business-Use-Case-Usage"] = JSON.stringify({
      [businessId]: [{ type, ...u, estimated_time_to_regain_access: regainMinutes }],
    });
  }
  return h;
}
