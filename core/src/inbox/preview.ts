import type { MessageKind } from "../platforms/types";

const LABELS: Partial<Record<MessageKind, string>> = {
  image: "Photo",
  video: "Video",
  audio: "Audio",
  file: "File",
  sticker: "Sticker",
  location: "Location",
  contacts: "Contact card",
  story_mention: "Mentioned you in their story",
  story_reply: "Replied to your story",
  share: "Shared a post",
  order: "Order",
  unsupported: "Unsupported message",
};

// Media captions read better with what the media is: "Photo: the damaged box".
const MEDIA = new Set(["image", "video", "audio", "file"]);

/** The one line the inbox list shows for a conversation's latest message. */
export function previewOf(m: { kind: string; text?: string | null }): string {
  const text = m.text?.replace(/\s+/g, " ").trim();
  const label = LABELS[m.kind as MessageKind];
  if (text) return truncate(label && MEDIA.has(m.kind) ? `${label}: ${text}` : text);
  return label ?? "Message";
}

const truncate = (s: string, max = 140) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
