import type { Message } from "../../../lib/types";

export type Renderer =
  | "deleted"
  | "text"
  | "image"
  | "video"
  | "audio"
  | "file"
  | "location"
  | "contacts"
  | "story"
  | "chip"
  | "template"
  | "unsupported";

/** Which renderer shows a message: by kind first, then by the first attachment's type. */
export function rendererFor(m: Pick<Message, "kind" | "deleted" | "attachments" | "text">): Renderer {
  if (m.deleted) return "deleted";
  switch (m.kind) {
    case "text":
      return "text";
    case "image":
    case "sticker":
      return "image";
    case "video":
      return "video";
    case "audio":
      return "audio";
    case "file":
      return "file";
    case "location":
      return "location";
    case "contacts":
      return "contacts";
    case "story_mention":
    case "story_reply":
      return "story";
    case "postback":
    case "referral":
    case "interactive":
    case "button":
      return "chip";
    case "template":
      return "template";
    case "share": {
      const t = m.attachments?.[0]?.type;
      if (t === "image" || t === "video") return t;
      return m.attachments?.length ? "file" : "text";
    }
    default:
      return m.text ? "text" : "unsupported";
  }
}

/** One line describing a message, for previews and for "replying to". */
export function summarise(m: { kind?: string | null; text?: string | null }): string {
  if (m.text) return m.text;
  switch (m.kind) {
    case "image":
      return "📷 Photo";
    case "sticker":
      return "Sticker";
    case "video":
      return "🎬 Video";
    case "audio":
      return "🎤 Voice message";
    case "file":
      return "📎 File";
    case "location":
      return "📍 Location";
    case "contacts":
      return "👤 Contact";
    case "story_mention":
      return "Mentioned you in their story";
    case "story_reply":
      return "Replied to your story";
    default:
      return "Message";
  }
}

export function openStreetMapUrl(lat: number, lon: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}
