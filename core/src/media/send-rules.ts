import type { Platform } from "../db";

const MB = 1024 * 1024;

export type SendKind = "image" | "video" | "audio" | "file";
type Rule = { types: readonly string[]; maxBytes: number };

const OFFICE = [
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
] as const;

/**
 * What each platform takes from an agent, by kind: the file types and the largest size (docs/meta-sending.md,
 * "Attachments"). WhatsApp: images 5 MB jpeg/png, video 16 MB mp4/3gpp, audio 16 MB, documents 100 MB.
 * Messenger and Instagram: images 8 MB, video, audio and files 25 MB; Instagram files are PDFs only.
 */
export const SEND_RULES: Record<Platform, Record<SendKind, Rule>> = {
  WHATSAPP: {
    image: { types: ["image/jpeg", "image/png"], maxBytes: 5 * MB },
    video: { types: ["video/mp4", "video/3gpp"], maxBytes: 16 * MB },
    audio: { types: ["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"], maxBytes: 16 * MB },
    file: { types: ["application/pdf", "text/plain", ...OFFICE], maxBytes: 100 * MB },
  },
  MESSENGER: {
    image: { types: ["image/jpeg", "image/png", "image/gif"], maxBytes: 8 * MB },
    video: { types: ["video/mp4", "video/quicktime", "video/webm", "video/ogg"], maxBytes: 25 * MB },
    audio: { types: ["audio/aac", "audio/mp4", "audio/mpeg", "audio/wav", "audio/ogg"], maxBytes: 25 * MB },
    file: { types: ["application/pdf", "text/plain", ...OFFICE], maxBytes: 25 * MB },
  },
  INSTAGRAM: {
    image: { types: ["image/jpeg", "image/png"], maxBytes: 8 * MB },
    video: {
      types: ["video/mp4", "video/ogg", "video/x-msvideo", "video/quicktime", "video/webm"],
      maxBytes: 25 * MB,
    },
    audio: { types: ["audio/aac", "audio/mp4", "audio/wav"], maxBytes: 25 * MB },
    file: { types: ["application/pdf"], maxBytes: 25 * MB },
  },
};

const PLATFORM_NAME: Record<Platform, string> = {
  WHATSAPP: "WhatsApp",
  MESSENGER: "Messenger",
  INSTAGRAM: "Instagram",
};

/** The kind a file is sent as, from its (sniffed) type. */
export function sendKindOf(mimeType: string): SendKind {
  const top = mimeType.split("/")[0];
  return top === "image" || top === "video" || top === "audio" ? top : "file";
}

/** The largest file any platform takes: an upload not tied to a conversation is held to this. */
export const MAX_UPLOAD_BYTES = Math.max(
  ...Object.values(SEND_RULES).flatMap((r) => Object.values(r).map((k) => k.maxBytes)),
);

const mb = (n: number) => `${Math.round((n / MB) * 10) / 10} MB`;

/**
 * Why `platform` (or, with none, every platform) would refuse this file, in words for the agent; null when one
 * takes it. Without a platform a file passes when any platform takes its type, up to that platform's size.
 */
export function refusal(mimeType: string, size: number, platform?: Platform): string | null {
  const kind = sendKindOf(mimeType);
  const platforms = platform ? [platform] : (Object.keys(SEND_RULES) as Platform[]);
  const fits = platforms.filter((p) => SEND_RULES[p][kind].types.includes(mimeType));
  if (!fits.length)
    return platform
      ? `${PLATFORM_NAME[platform]} does not take ${mimeType} files (${kind}s: ${SEND_RULES[platform][kind].types.join(", ")})`
      : `${mimeType} files cannot be sent on any platform`;
  const max = Math.max(...fits.map((p) => SEND_RULES[p][kind].maxBytes));
  if (size > max)
    return platform
      ? `is ${mb(size)}, over ${PLATFORM_NAME[platform]}'s ${mb(max)} limit for ${kind}s`
      : `is ${mb(size)}, over the ${mb(max)} limit for ${kind}s`;
  return null;
}

/** The largest size this type may have anywhere (or on `platform`): the cap while the bytes stream in. */
export function maxBytesFor(mimeType: string, platform?: Platform): number {
  const kind = sendKindOf(mimeType);
  const platforms = platform ? [platform] : (Object.keys(SEND_RULES) as Platform[]);
  return Math.max(0, ...platforms.map((p) => SEND_RULES[p][kind].maxBytes));
}
