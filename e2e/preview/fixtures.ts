// Realistic sample data for the design preview (mocked API), shaped exactly like the API contract.
const now = Date.now();
const min = 60_000;
const hour = 60 * min;
const day = 24 * hour;
const iso = (msAgo: number) => new Date(now - msAgo).toISOString();

function svg(w: number, h: number, a: string, b: string, label = "") {
  const s = `<svg xmlns='http://www.w3.org/2000/svg' width='${w}' height='${h}'><defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'><stop offset='0' stop-color='${a}'/><stop offset='1' stop-color='${b}'/></linearGradient></defs><rect width='100%' height='100%' fill='url(#g)'/><circle cx='${w * 0.7}' cy='${h * 0.35}' r='${w * 0.12}' fill='white' fill-opacity='.35'/><path d='M0 ${h * 0.8} Q ${w * 0.3} ${h * 0.55} ${w * 0.6} ${h * 0.75} T ${w} ${h * 0.7} V ${h} H 0 Z' fill='white' fill-opacity='.25'/><text x='16' y='${h - 16}' font-family='sans-serif' font-size='14' fill='white'>${label}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(s)}`;
}

export const me = { id: "u-me", email: "olivia@bloomandco.shop", name: "Olivia Bennett", avatarUrl: null };
export const session = {
  accessToken: "preview-token",
  user: me,
  workspace: { id: "w1", name: "Bloom & Co", timeZone: "Europe/London" },
  role: "OWNER",
  workspaces: [{ id: "w1", name: "Bloom & Co", role: "OWNER" }],
};
export const members = [
  { userId: me.id, email: me.email, name: me.name, avatarUrl: null, role: "OWNER" },
  { userId: "u-sam", email: "sam@bloomandco.shop", name: "Sam Patel", avatarUrl: null, role: "AGENT" },
  { userId: "u-jo", email: "jo@bloomandco.shop", name: "Jo Müller", avatarUrl: null, role: "AGENT" },
];

const accounts = {
  MESSENGER: { id: "acc-fb", name: "Bloom & Co" },
  INSTAGRAM: { id: "acc-ig", name: "@bloomandco" },
  WHATSAPP: { id: "acc-wa", name: "+44 20 7946 0958" },
} as const;

type P = keyof typeof accounts;
const people: [string, P, string, number, number, string, string | null, string[]][] = [
  ["Maya Collins", "INSTAGRAM", "Do you still have the linen shirt in medium?", 2 * min, 2, "OPEN", null, ["order"]],
  ["Daniel Okafor", "WHATSAPP", "Perfect, see you Thursday at 10!", 14 * min, 0, "OPEN", "u-sam", []],
  ["Lucía Romero", "MESSENGER", "Is delivery free over €50?", 52 * min, 1, "OPEN", null, []],
  ["Tom Hughes", "WHATSAPP", "📍 Location", 2 * hour, 0, "PENDING", me.id, ["delivery"]],
  ["Aiko Tanaka", "INSTAGRAM", "Mentioned you in their story", 4 * hour, 1, "OPEN", null, ["ugc"]],
  ["Ben Carter", "MESSENGER", "Thanks so much, it arrived today 🎉", 20 * hour, 0, "OPEN", "u-jo", []],
  ["Priya Shah", "WHATSAPP", "📎 invoice-2041.pdf", 26 * hour, 0, "OPEN", null, ["billing"]],
  ["Noah Williams", "MESSENGER", "Track my order", 2 * day, 0, "OPEN", null, []],
  ["Chloé Martin", "INSTAGRAM", "😍😍 need this in green", 3 * day, 0, "OPEN", null, []],
  ["Samuel Adeyemi", "WHATSAPP", "Can I change the delivery address?", 4 * day, 0, "OPEN", null, []],
  ["Emma Johansson", "MESSENGER", "Do you do gift wrapping?", 6 * day, 0, "OPEN", null, []],
  ["Leo Rossi", "INSTAGRAM", "🎤 Voice message", 9 * day, 0, "OPEN", null, []],
  ["Hannah Fischer", "WHATSAPP", "Great, thank you!", 12 * day, 0, "RESOLVED", me.id, []],
];

export const labels = [
  { id: "lb-billing", name: "billing", color: "#3b82f6" },
  { id: "lb-delivery", name: "delivery", color: "#f97316" },
  { id: "lb-order", name: "order", color: "#22c55e" },
  { id: "lb-ugc", name: "ugc", color: "#ec4899" },
];
const priorities = ["URGENT", "NONE", "HIGH", "NONE", "LOW", "NONE", "MEDIUM"];

export const conversations = people.map(([name, platform, preview, ago, unread, status, assigneeId, names], i) => ({
  id: `conv-${i + 1}`,
  platform,
  accountId: accounts[platform].id,
  accountName: accounts[platform].name,
  contact: { id: `ct-${i}`, name, avatarUrl: null, externalId: `${1000 + i}` },
  status,
  assigneeId,
  labels: labels.filter((l) => names.includes(l.name)),
  priority: priorities[i] ?? "NONE",
  snoozedUntil: null,
  lastMessageAt: iso(ago),
  lastMessagePreview: preview,
  lastInboundAt: iso(i === 0 ? 21 * hour : ago),
  unreadCount: unread,
}));

let seq = 0;
function msg(conversationId: string, o: Record<string, unknown>) {
  seq++;
  return {
    id: `msg-${seq}`,
    conversationId,
    externalId: `m_${seq}`,
    clientId: null,
    direction: "IN",
    kind: "text",
    text: null,
    attachments: [],
    replyTo: null,
    reactions: {},
    deleted: false,
    status: "RECEIVED",
    error: null,
    meta: null,
    timestamp: iso(0),
    sentBy: null,
    ...o,
  };
}
const olivia = { id: me.id, name: me.name };

export const messages: Record<string, ReturnType<typeof msg>[]> = {
  "conv-1": [
    msg("conv-1", {
      kind: "referral",
      text: "Hi! I saw your spring collection ad",
      meta: { referral: { source: "ADS", ad_id: "23851", ref: "spring" } },
      timestamp: iso(day + 3 * hour),
    }),
    msg("conv-1", {
      direction: "OUT",
      text: "Hi Maya! Thanks for reaching out 🌿 What caught your eye?",
      status: "READ",
      sentBy: olivia,
      timestamp: iso(day + 2.9 * hour),
    }),
    msg("conv-1", {
      kind: "image",
      attachments: [
        { type: "image", url: svg(480, 600, "#d6c6b3", "#8c6f56", "linen-shirt.jpg"), caption: "This one!" },
      ],
      timestamp: iso(day + 2.8 * hour),
      reactions: { out: "❤️" },
    }),
    msg("conv-1", {
      direction: "OUT",
      kind: "file",
      attachments: [
        {
          type: "file",
          url: "https://cdn.bloomandco.shop/size-guide.pdf",
          filename: "size-guide.pdf",
          size: 248000,
          mimeType: "application/pdf",
        },
      ],
      status: "READ",
      sentBy: olivia,
      timestamp: iso(day + 2.7 * hour),
    }),
    msg("conv-1", {
      direction: "OUT",
      text: "Here's our size guide — the linen shirt runs slightly large.",
      status: "READ",
      sentBy: olivia,
      timestamp: iso(day + 2.7 * hour),
    }),
    msg("conv-1", {
      kind: "story_mention",
      meta: { story: { url: svg(270, 480, "#f59e0b", "#db2777"), id: "st1" } },
      timestamp: iso(22 * hour),
    }),
    msg("conv-1", {
      kind: "story_reply",
      text: "Would this work for a wedding?",
      meta: { story: { url: null } },
      timestamp: iso(21.5 * hour),
    }),
    msg("conv-1", {
      direction: "OUT",
      text: "Absolutely — pair it with the sand chinos for a summer wedding.",
      status: "DELIVERED",
      sentBy: olivia,
      timestamp: iso(21.2 * hour),
      replyTo: { externalId: "m_7", text: "Would this work for a wedding?" },
    }),
    msg("conv-1", {
      direction: "OUT",
      text: "We're closed on Sunday but I can reserve one for Monday.",
      status: "FAILED",
      error: "Instagram didn't accept this message: the 24-hour window had closed. Use the human-agent tag.",
      sentBy: olivia,
      timestamp: iso(21 * hour),
    }),
    msg("conv-1", {
      text: "Do you still have the linen shirt in medium?",
      timestamp: iso(21 * hour),
      replyTo: { externalId: "m_8", text: "Absolutely — pair it with the sand chinos for a summer wedding." },
    }),
  ],
  "conv-4": [
    msg("conv-4", { text: "Hi, my parcel says delivered but I can't find it", timestamp: iso(3 * hour) }),
    msg("conv-4", {
      direction: "OUT",
      text: "Sorry about that Tom! Could you share where you are?",
      status: "READ",
      sentBy: olivia,
      timestamp: iso(2.5 * hour),
    }),
    msg("conv-4", {
      kind: "location",
      meta: {
        location: { latitude: 51.5246, longitude: -0.0836, name: "Shoreditch High St", address: "London E1 6JE" },
      },
      timestamp: iso(2 * hour),
    }),
    msg("conv-4", {
      kind: "contacts",
      meta: { contacts: [{ name: "Rita (neighbour)", phones: ["+44 7700 900123"] }] },
      timestamp: iso(2 * hour),
    }),
    msg("conv-4", {
      kind: "video",
      attachments: [{ type: "video", url: "https://cdn.example/doorstep.mp4" }],
      timestamp: iso(2 * hour),
    }),
    msg("conv-4", {
      kind: "audio",
      attachments: [{ type: "audio", url: "https://cdn.example/voice.ogg" }],
      timestamp: iso(2 * hour),
    }),
    msg("conv-4", {
      kind: "interactive",
      meta: { interactive: { id: "redeliver", title: "Redeliver tomorrow", description: "Free redelivery" } },
      timestamp: iso(2 * hour),
    }),
    msg("conv-4", {
      direction: "OUT",
      kind: "template",
      text: "Your order #2041 will be redelivered tomorrow between 9:00 and 13:00.",
      status: "SENT",
      sentBy: olivia,
      timestamp: iso(1.9 * hour),
    }),
    msg("conv-4", {
      kind: "sticker",
      attachments: [{ type: "image", url: svg(160, 160, "#fde68a", "#f97316") }],
      timestamp: iso(1.8 * hour),
    }),
    msg("conv-4", { text: "👍", deleted: true, timestamp: iso(1.8 * hour) }),
  ],
};
for (const c of conversations) {
  messages[c.id] ??= [
    msg(c.id, {
      text: "Hello! I have a question about my order.",
      timestamp: new Date(new Date(c.lastMessageAt).getTime() - 10 * min).toISOString(),
    }),
    msg(c.id, {
      direction: "OUT",
      text: "Hi! Happy to help — what's your order number?",
      status: "READ",
      sentBy: olivia,
      timestamp: new Date(new Date(c.lastMessageAt).getTime() - 8 * min).toISOString(),
    }),
    msg(c.id, {
      kind: c.lastMessagePreview === "Track my order" ? "postback" : "text",
      text: c.lastMessagePreview,
      meta: { postback: { title: "Track my order", payload: "TRACK" } },
      timestamp: c.lastMessageAt,
    }),
  ];
}

export const platforms = [
  {
    id: "acc-fb",
    platform: "MESSENGER",
    name: "Bloom & Co",
    externalId: "1029384756",
    status: "ACTIVE",
    lastSyncedAt: iso(3 * min),
    counts: { conversations: 1284, messages: 18342 },
    lastRun: null,
  },
  {
    id: "acc-ig",
    platform: "INSTAGRAM",
    name: "@bloomandco",
    externalId: "17841400000",
    status: "ACTIVE",
    lastSyncedAt: iso(2 * hour),
    counts: { conversations: 642, messages: 7120 },
    lastRun: {
      id: "run1",
      kind: "backfill",
      status: "RUNNING",
      startedAt: iso(min),
      finishedAt: null,
      fetched: 812,
      conversationsDone: 260,
      conversationsEst: 642,
      error: null,
    },
  },
  {
    id: "acc-wa",
    platform: "WHATSAPP",
    name: "+44 20 7946 0958",
    externalId: "106540352242922",
    status: "NEEDS_REAUTH",
    lastSyncedAt: iso(day),
    counts: { conversations: 311, messages: 2904 },
    lastRun: null,
  },
];

export const templates = [
  {
    name: "order_update",
    language: "en_GB",
    category: "UTILITY",
    status: "APPROVED",
    components: [{ type: "BODY", text: "Hi {{1}}, your order {{2}} is on its way." }],
  },
  {
    name: "follow_up",
    language: "en_GB",
    category: "MARKETING",
    status: "APPROVED",
    components: [{ type: "BODY", text: "Hi {{1}}, just checking in — can we help with anything else?" }],
  },
];

export const failedEvents = [
  {
    id: "we-1",
    platform: "instagram",
    receivedAt: iso(40 * min),
    status: "FAILED",
    attempts: 3,
    error: "Unknown message shape: messaging[0].message.ig_reel missing asset_id",
  },
  {
    id: "we-2",
    platform: "whatsapp",
    receivedAt: iso(5 * hour),
    status: "FAILED",
    attempts: 5,
    error: "No connected account for phone_number_id 1065403522",
  },
];

export const metaChoices = {
  pages: [
    {
      id: "p1",
      name: "Bloom & Co",
      alreadyConnected: true,
      instagram: { id: "ig1", username: "bloomandco", name: "Bloom & Co" },
    },
    {
      id: "p2",
      name: "Bloom & Co — Outlet",
      alreadyConnected: false,
      instagram: { id: "ig2", username: "bloom.outlet", name: "Bloom Outlet" },
    },
    { id: "p3", name: "Bloom Workshops", alreadyConnected: false, instagram: null },
  ],
};
