import type { Conversation, Platform } from "./types";

type Contact = Conversation["contact"];

/** A name to show even before the platform's profile lookup has filled one in. */
export function contactName(contact: Contact, platform: Platform): string {
  if (contact.name?.trim()) return contact.name;
  if (platform === "WHATSAPP" && /^\d{6,}$/.test(contact.externalId)) return `+${contact.externalId}`;
  return contact.externalId ? `Customer ${contact.externalId.slice(-4)}` : "Customer";
}
