import { randomBytes, randomInt } from "node:crypto";

/** Ids shaped like Meta's: numeric strings for Graph objects, m_… mids, wamid.…, opaque EAA… tokens. */
let seq = 0;
export function numericId(digits = 16, prefix = ""): string {
  seq = (seq + 1) % 1000;
  let s = prefix + String(randomInt(1, 10));
  while (s.length < digits - 3) s += String(randomInt(0, 10));
  return s + String(seq).padStart(3, "0");
}

export const messengerMid = () => `m_${randomBytes(36).toString("base64url")}`;
const IG_MID_PREFIX = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj";
export const instagramMid = () => `${IG_MID_PREFIX}${randomBytes(30).toString("base64url")}`;
export const wamid = () => `wamid.${randomBytes(30).toString("base64").replace(/=+$/, "")}`;
export const token = (prefix = "EAAB") => `${prefix}${randomBytes(48).toString("base64url")}`;
export const fbtraceId = () => randomBytes(8).toString("base64url");
export const oauthCode = () => `AQ${randomBytes(60).toString("base64url")}`;
export const mediaId = () => numericId(16);

/** Seeded history ids encode where they come from, so they resolve without being stored. */
export function seededMid(platform: "messenger" | "instagram", block: number, conv: number, msg: number): string {
  const tail = Buffer.from(`sim:${block}:${conv}:${msg}`).toString("base64url");
  return platform === "messenger" ? `m_${tail}` : `${IG_MID_PREFIX}${tail}`;
}
export function parseSeededMid(id: string): { block: number; conv: number; msg: number } | undefined {
  const tail = id.startsWith("m_")
    ? id.slice(2)
    : id.startsWith(IG_MID_PREFIX)
      ? id.slice(IG_MID_PREFIX.length)
      : undefined;
  if (!tail) return undefined;
  const m = /^sim:(\d+):(\d+):(\d+)$/.exec(Buffer.from(tail, "base64url").toString("utf8"));
  return m ? { block: Number(m[1]), conv: Number(m[2]), msg: Number(m[3]) } : undefined;
}

export function seededConversationId(platform: "messenger" | "instagram", block: number, conv: number): string {
  const core = `${block}${String(conv).padStart(9, "0")}`;
  return platform === "messenger" ? `t_9${core}` : Buffer.from(`ig_thread:9${core}`).toString("base64url");
}
export function seededCustomerId(platform: "messenger" | "instagram", block: number, conv: number): string {
  return `${platform === "messenger" ? "69" : "68"}${String(block).padStart(4, "0")}${String(conv).padStart(10, "0")}`;
}
export function parseSeededCustomerId(id: string): { block: number; conv: number } | undefined {
  const m = /^6[89](\d{4})(\d{10})$/.exec(id);
  return m ? { block: Number(m[1]), conv: Number(m[2]) } : undefined;
}
export function parseSeededConversationId(id: string): { block: number; conv: number } | undefined {
  let core = id.startsWith("t_9") ? id.slice(3) : undefined;
  if (core === undefined) {
    const dec = Buffer.from(id, "base64url").toString("utf8");
    if (dec.startsWith("ig_thread:9")) core = dec.slice("ig_thread:9".length);
  }
  if (!core || !/^\d{10,}$/.test(core)) return undefined;
  return { block: Number(core.slice(0, -9)), conv: Number(core.slice(-9)) };
}
