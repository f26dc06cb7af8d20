export type Platform = "messenger" | "instagram" | "whatsapp";
export type MessagingPlatform = "messenger" | "instagram";

export type FbUser = { id: string; name: string };
export type IgAccount = {
  id: string;
  username: string;
  name: string;
  pageId: string;
  profilePictureUrl: string;
  subscribedFields?: string[];
};
export type Page = {
  id: string;
  name: string;
  accessToken: string;
  ownerUserId?: string;
  instagram?: IgAccount;
  /** subscribed_apps state: the fields our app is subscribed to, or undefined when not subscribed */
  subscribedFields?: string[];
};
export type Template = {
  id: string;
  name: string;
  language: string;
  status: "APPROVED" | "PENDING" | "REJECTED";
  category: "UTILITY" | "MARKETING" | "AUTHENTICATION";
  components: unknown[];
};
export type WaNumber = {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  token: string;
  templates: Template[];
  subscribed: boolean;
};
export type Customer = {
  id: string;
  platform: Platform;
  accountId: string;
  name: string;
  username?: string;
  /** ms of the customer's last message (opens the reply window) */
  lastInboundMs?: number;
  /** WhatsApp: sends to this customer fail with 131026 */
  undeliverable?: boolean;
  /** Messenger/Instagram: why Meta refuses sends to this person (POST /_sim/customers/:id/block) */
  refuses?: CustomerRefusal;
};
/** blocked the account (200/1545041), unavailable (551, e.g. deactivated), cannot receive right now (10/2018108) */
export type CustomerRefusal = "blocked" | "unavailable" | "cannot_receive";
export type SimAttachment = {
  type: string;
  url?: string;
  mimeType?: string;
  name?: string;
  size?: number;
  mediaId?: string;
};
export type LiveMessage = {
  id: string;
  direction: "in" | "out";
  ms: number;
  text?: string;
  attachments?: SimAttachment[];
  replyTo?: string;
  appId?: string;
  /** Instagram story mention / story reply */
  story?: { kind: "mention" | "reply_to"; url: string; id: string };
  /** how many times the customer edited it (message_edit's num_edit) */
  edits?: number;
};
export type Thread = {
  id: string;
  platform: Platform;
  accountId: string;
  customerId: string;
  /** ascending by time */
  messages: LiveMessage[];
  updatedMs: number;
  /** a seeded conversation that came alive: its seeded messages are merged with the live ones */
  seeded?: { block: number; conv: number };
  /** Messenger/Instagram: the app that controls the thread (handover / conversation routing) when it is not ours */
  ownerAppId?: string;
};
export type TokenInfo = {
  token: string;
  kind: "USER" | "PAGE" | "SYSTEM_USER";
  longLived?: boolean;
  userId?: string;
  pageId?: string;
  wabaId?: string;
  expiresAtMs?: number;
  scopes: string[];
  /** permissions the person unticked in the dialog (GET /me/permissions lists them as declined) */
  declined?: string[];
  /** set when the token was killed (190 + this subcode) */
  invalid?: { subcode?: number; message: string };
};
export type Media = {
  id: string;
  mimeType: string;
  sha256: string;
  bytes: Buffer;
  phoneNumberId: string;
  /** When the customer sent it: WhatsApp keeps media ids for 7 days, then the id is gone. */
  createdAtMs?: number;
  /** Uploaded by the business (POST /{phone-number-id}/media): the file's name. */
  filename?: string;
};
export type SeedBlock = {
  no: number;
  platform: MessagingPlatform;
  /** page id (Messenger) or IG account id */
  accountId: string;
  conversations: number;
  perConversation: number;
  fromMs: number;
  toMs: number;
};

export const LIVE_THREAD_MESSAGE_CAP = 1000;

/** Everything the simulated Meta knows. Seeded history is not stored here: it is computed from SeedBlocks. */
export class SimState {
  users = new Map<string, FbUser>();
  lastUserId?: string;
  pages = new Map<string, Page>();
  igAccounts = new Map<string, IgAccount>();
  waNumbers = new Map<string, WaNumber>(); // by phone_number_id
  wabas = new Map<string, WaNumber[]>();
  customers = new Map<string, Customer>();
  threads = new Map<string, Thread>(); // by conversation id
  threadByCustomer = new Map<string, Thread>(); // `${accountId}:${customerId}`
  messages = new Map<string, { thread: Thread; message: LiveMessage }>();
  tokens = new Map<string, TokenInfo>();
  media = new Map<string, Media>();
  oauthCodes = new Map<
    string,
    { userId: string; redirectUri: string; scopes: string[]; declined: string[]; used: boolean; expiresAtMs: number }
  >();
  /** Facebook Login for Business configurations of our app: config_id → the permissions it grants */
  loginConfigs = new Map<string, string[]>();
  /** per Facebook user: permissions they declined for our app, which the dialog does not ask again without rerequest */
  declinedByUser = new Map<string, Set<string>>();
  seedBlocks: SeedBlock[] = [];

  accountPlatform(id: string): Platform | undefined {
    if (this.pages.has(id)) return "messenger";
    if (this.igAccounts.has(id)) return "instagram";
    if (this.waNumbers.has(id)) return "whatsapp";
    return undefined;
  }

  /** The Page whose token governs an account (the Page itself, or the Page an IG account is linked to). */
  pageOf(accountId: string): Page | undefined {
    return this.pages.get(accountId) ?? this.pages.get(this.igAccounts.get(accountId)?.pageId ?? "");
  }
}
