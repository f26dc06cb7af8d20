import type { Platform } from "../db";

/** The platform names webhooks are posted under (/api/webhooks/:platform), and the Platform each means. */
export const WEBHOOK_PLATFORMS = {
  messenger: "MESSENGER",
  instagram: "INSTAGRAM",
  whatsapp: "WHATSAPP",
} as const satisfies Record<string, Platform>;

export type WebhookPlatformName = keyof typeof WEBHOOK_PLATFORMS;

export function platformFromName(name: string): Platform | undefined {
  return Object.hasOwn(WEBHOOK_PLATFORMS, name) ? WEBHOOK_PLATFORMS[name as WebhookPlatformName] : undefined;
}

export function nameOfPlatform(platform: Platform): WebhookPlatformName {
  return (Object.keys(WEBHOOK_PLATFORMS) as WebhookPlatformName[]).find((k) => WEBHOOK_PLATFORMS[k] === platform)!;
}
