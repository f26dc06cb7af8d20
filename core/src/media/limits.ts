import type { Platform } from "../db";
import type { Attachment } from "../platforms/types";

const MB = 1024 * 1024;

/**
 * The largest file each platform carries, by attachment type (Meta's documented limits; WhatsApp documents
 * go to 100 MB, Messenger everything to 25 MB). Parley never downloads more than the platform could have sent.
 */
const LIMITS: Record<Platform, Partial<Record<Attachment["type"], number>> & { default: number }> = {
  WHATSAPP: { image: 5 * MB, video: 16 * MB, audio: 16 * MB, sticker: MB / 2, file: 100 * MB, default: 100 * MB },
  MESSENGER: { default: 25 * MB },
  INSTAGRAM: { image: 8 * MB, default: 25 * MB },
};

export const mediaLimit = (platform: Platform, type: Attachment["type"]) =>
  LIMITS[platform][type] ?? LIMITS[platform].default;
