/** Deterministic content for seeded history and generated traffic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const hash = (...parts: (number | string)[]) => {
  let h = 2166136261;
  for (const ch of parts.join(":")) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
};
export const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length) % list.length];

const FIRST = [
  "Amélie",
  "Jonas",
  "Sofía",
  "Mateo",
  "Chloé",
  "Noah",
  "Zoë",
  "Liam",
  "Aiko",
  "Ravi",
  "Fatima",
  "Lukas",
  "Emma",
  "Björn",
  "Inès",
  "Kenji",
  "Olivia",
  "Hamza",
  "Léa",
  "Marco",
  "Priya",
  "Tomás",
  "Yuki",
  "Sara",
];
const LAST = [
  "Martin",
  "Müller",
  "García",
  "Rossi",
  "Dubois",
  "Novák",
  "Smith",
  "Tanaka",
  "Kowalski",
  "Silva",
  "Jensen",
  "O'Brien",
  "Nguyen",
  "Haddad",
  "Costa",
  "Andersen",
];
export const personName = (r: () => number) => `${pick(FIRST, r())} ${pick(LAST, r())}`;
export const usernameFor = (name: string, r: () => number) =>
  `${name
    .normalize("NFD")
    .replace(/[^A-Za-z ]/g, "")
    .toLowerCase()
    .replace(/ /g, ".")}${Math.floor(r() * 100)}`;

export const CUSTOMER_LINES = [
  "Hi! Is this still available?",
  "What are your opening hours this weekend?",
  "Do you ship to Belgium?",
  "I ordered last Tuesday and haven't received anything yet 😕",
  "Can I change the size of my order to M?",
  "Thanks a lot, that was quick! 🙏",
  "Is the café open on Sunday?",
  "How much is the delivery fee?",
  "Do you have this in blue?",
  "Bonjour, est-ce que vous livrez à Lyon ?",
  "¿Tienen descuento para estudiantes?",
  "Can I book a table for 4 tonight at 8?",
  "The parcel arrived damaged, what should I do?",
  "Perfect, see you tomorrow 👋",
  "Is there parking nearby?",
  "Could you send me the invoice again please?",
  "Merci beaucoup ! 😊",
  "Do you take returns after 30 days?",
];
export const BUSINESS_LINES = [
  "Hello! Yes, it's in stock 😊",
  "We're open 9–18 on Saturday and closed on Sunday.",
  "Yes, we ship all over the EU within 3–5 days.",
  "Sorry about that! Let me check your order right away.",
  "Done, I've updated your order.",
  "You're welcome, have a great day!",
  "Delivery is free above €40.",
  "Could you send me your order number?",
];
