import { isIP } from "node:net";
import { z } from "zod";

// Dev defaults that must never reach production: loadConfig refuses them when NODE_ENV=production.
const DEV_JWT_SECRET = "dev-jwt-secret-change-me";
const DEV_TOKEN_KEY = "0000000000000000000000000000000000000000000000000000000000000000";
const DEV_APP_SECRET = "parley-simulator-app-secret";
const DEV_VERIFY_TOKEN = "parley-verify-token";
const DEV_SECRETS: Record<string, string> = {
  JWT_SECRET: DEV_JWT_SECRET,
  TOKEN_ENCRYPTION_KEY: DEV_TOKEN_KEY,
  META_APP_SECRET: DEV_APP_SECRET,
};

/**
 * Express's "trust proxy": off, how many proxies sit in front (the client address is the one that many
 * hops back in X-Forwarded-For), or the proxies' addresses/subnets. Not "true": that believes whatever
 * X-Forwarded-For a client sends, and every per-IP limit falls to a random header.
 */
export type TrustProxy = false | number | string[];
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const isSubnet = (entry: string) => {
  if (PROXY_NAMES.has(entry)) return true;
  const [ip, bits, ...rest] = entry.split("/");
  const family = isIP(ip);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};
const trustProxy = z
  .string()
  .default("false")
  .transform((raw, ctx): TrustProxy => {
    const v = raw.trim();
    if (v === "false" || v === "0" || v === "") return false;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(",").map((e) => e.trim());
    if (v !== "true" && entries.every(isSubnet)) return entries;
    ctx.addIssue({
      code: "custom",
      message:
        "must be a hop count (1 behind the bundled nginx) or the proxies' addresses/subnets (e.g. 10.0.0.0/8,loopback); `true` would believe any X-Forwarded-For a client sends",
    });
    return z.NEVER;
  });

const bool = z.enum(["true", "false", "1", "0", ""]).transform((v) => v === "true" || v === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/parley"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** Prefix of every Redis key Parley writes (queues, pub/sub, rate limits): lets tests and instances share a Redis. */
  REDIS_PREFIX: z.string().default("parley"),
  JWT_SECRET: z.string().min(16).default(DEV_JWT_SECRET),
  /** 32-byte key, hex (64 chars). Comma-separated "id:hex" pairs allow rotation; the first encrypts. */
  TOKEN_ENCRYPTION_KEY: z.string().default(DEV_TOKEN_KEY),
  META_APP_ID: z.string().default("parley-sim-app"),
  META_APP_SECRET: z.string().default(DEV_APP_SECRET),
  /** Extra app secrets whose signatures are accepted (e.g. a separate WhatsApp app), comma-separated. */
  META_EXTRA_APP_SECRETS: z.string().default(""),
  META_VERIFY_TOKEN: z.string().default(DEV_VERIFY_TOKEN),
  /** Default: the simulator on SIMULATOR_PORT. */
  META_GRAPH_URL: z.string().url().optional(),
  /** Base of the OAuth dialog. Default: https://www.facebook.com/<version> when META_GRAPH_URL is Meta's, else META_GRAPH_URL. */
  META_OAUTH_URL: z.string().url().optional(),
  /** A Facebook Login for Business configuration id: the dialog then gets `config_id` instead of `scope`. */
  META_LOGIN_CONFIG_ID: z.string().optional(),
  /** Default: http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  SYNC_INTERVAL_MINUTES: z.coerce.number().positive().default(5),
  SYNC_BACKFILL_DAYS: z.coerce.number().int().positive().default(30),
  // Sync reads the comments of posts and media published in this many days (issue #17).
  SYNC_COMMENTS_DAYS: z.coerce.number().int().positive().default(14),
  /** Graph calls per second per account during sync (Meta allows the Conversations API about 2); 0 = unthrottled. */
  SYNC_CALLS_PER_SECOND: z.coerce.number().min(0).default(2),
  /** Conversations per Graph page, and messages per conversation page, during sync. */
  SYNC_PAGE_SIZE: z.coerce.number().int().positive().default(50),
  SYNC_MESSAGES_PAGE_SIZE: z.coerce.number().int().positive().default(50),
  /** How long a rate-limited sync waits before resuming when Meta does not say. */
  SYNC_RATE_LIMIT_BACKOFF_MS: z.coerce.number().int().min(0).default(60_000),
  /** Processed webhook events are deleted after this many days (failed ones stay for the admin view); 0 keeps all. */
  WEBHOOK_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `pretty` (readable lines) or `json` (one object a line, for log shippers); default: pretty on a terminal. */
  LOG_FORMAT: z.enum(["pretty", "json"]).optional(),
  /** Start the Meta simulator and demo data with `npm start` (defaults to on when no real Meta app is set). */
  DEMO: bool.optional(),
  SIMULATOR_PORT: z.coerce.number().int().default(4100),
  METRICS_TOKEN: z.string().default(""),
  /** Comma-separated emails allowed to open the queue board; empty = any workspace OWNER/ADMIN. */
  OPS_ADMIN_EMAILS: z.string().default(""),
  /** Whether anyone may sign up; unset: on, except in production once the first workspace exists. */
  ALLOW_REGISTRATION: bool.optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(16),
  /** BullMQ job lock and stalled-job check: a crashed worker's jobs return to the queue within about their sum. */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().positive().default(15_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().positive().default(10_000),
  /** Port of the worker's own /metrics (same METRICS_TOKEN rule as the API's); 0 turns it off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  TRUST_PROXY: trustProxy,
  /** Where archived attachments live when no S3 bucket is set (one machine); default `.data/media`. */
  MEDIA_DIR: z.string().default(".data/media"),
  /** An S3-compatible bucket (AWS S3, Cloudflare R2, MinIO) for archived attachments; set it to share media across API instances. */
  MEDIA_S3_BUCKET: z.string().default(""),
  MEDIA_S3_ENDPOINT: z.string().url().optional(),
  MEDIA_S3_REGION: z.string().default("us-east-1"),
  MEDIA_S3_ACCESS_KEY_ID: z.string().optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most self-hosted S3 servers need. */
  MEDIA_S3_FORCE_PATH_STYLE: bool.default(false),
  /** Archived attachments are deleted from the store after this many days; 0 keeps them forever. */
  MEDIA_RETENTION_DAYS: z.coerce.number().min(0).default(0),
  /** smtp(s)://user:pass@host:port for invitation and password-reset mail; unset = links are logged (and shown to inviters). */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("Parley <no-reply@localhost>"),
});

export type Config = Omit<z.infer<typeof schema>, "PUBLIC_URL" | "META_GRAPH_URL" | "META_OAUTH_URL"> & {
  PUBLIC_URL: string;
  META_GRAPH_URL: string;
  META_OAUTH_URL: string;
  demo: boolean;
  tokenKeys: { id: string; key: Buffer }[];
  appSecrets: string[];
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${issues}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === "production") {
    for (const [name, devValue] of Object.entries(DEV_SECRETS)) {
      const value = cleaned[name];
      if (!value || value === devValue) {
        throw new ConfigError(`${name} must be set to a secret of your own in production`);
      }
    }
  }
  const tokenKeys = parseTokenKeys(c.TOKEN_ENCRYPTION_KEY);
  if (c.NODE_ENV === "production") refuseWeakProduction(c, cleaned, tokenKeys);
  const realMetaApp = cleaned.META_APP_ID !== undefined && cleaned.META_APP_SECRET !== undefined;
  // Derived from the ports, so a second install (or a test stack) on other ports needs nothing else.
  const META_GRAPH_URL = c.META_GRAPH_URL ?? `http://127.0.0.1:${c.SIMULATOR_PORT}/v21.0`;
  return {
    ...c,
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    META_GRAPH_URL,
    META_OAUTH_URL: c.META_OAUTH_URL ?? oauthUrlFor(META_GRAPH_URL),
    demo: c.DEMO ?? (!realMetaApp && c.NODE_ENV !== "production"),
    tokenKeys,
    appSecrets: [c.META_APP_SECRET, ...c.META_EXTRA_APP_SECRETS.split(",").map((s) => s.trim())].filter(Boolean),
  };
}

/**
 * Where the login dialog lives. On Meta it is www.facebook.com, not the Graph host (graph.facebook.com answers
 * /dialog/oauth with an error), under the same version as the Graph calls. The simulator serves both.
 */
export function oauthUrlFor(graphUrl: string): string {
  const url = new URL(graphUrl);
  if (!/(^|\.)facebook\.com$/i.test(url.hostname) || !/^graph\./i.test(url.hostname)) return graphUrl;
  const version = url.pathname.match(/\/v\d+\.\d+/)?.[0] ?? "";
  return `https://www.facebook.com${version}`;
}

/**
 * Settings that work on a developer machine and are holes in production: a verify token anyone can read
 * in this repository, Graph calls to a local simulator, OAuth callbacks and links to localhost, a /metrics
 * guarded only by the caller's address, and the all-zero development key under any key id.
 */
function refuseWeakProduction(
  c: z.infer<typeof schema>,
  env: Record<string, string | undefined>,
  tokenKeys: { key: Buffer }[],
): void {
  const refuse = (message: string) => {
    throw new ConfigError(message);
  };
  if (c.META_VERIFY_TOKEN === DEV_VERIFY_TOKEN)
    refuse("META_VERIFY_TOKEN must be set to a secret of your own in production");
  // Unset, it defaults to the simulator on this machine.
  if (!c.META_GRAPH_URL || isLoopback(new URL(c.META_GRAPH_URL).hostname))
    refuse("META_GRAPH_URL points at this machine (the simulator); set https://graph.facebook.com/v21.0 in production");
  if (!env.PUBLIC_URL) refuse("PUBLIC_URL must be set in production (the address people and Meta reach Parley at)");
  if (!c.METRICS_TOKEN) refuse("METRICS_TOKEN must be set in production (/metrics needs a bearer token)");
  const devKey = Buffer.from(DEV_TOKEN_KEY, "hex");
  if (tokenKeys.some((k) => k.key.equals(devKey)))
    refuse("TOKEN_ENCRYPTION_KEY must not contain the development key in production");
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    h === "::1" ||
    h === "0.0.0.0" ||
    h === "::" ||
    /^127\./.test(h) ||
    /^::ffff:(127\.|7f)/.test(h)
  );
}

function parseTokenKeys(raw: string): { id: string; key: Buffer }[] {
  return raw.split(",").map((part, i) => {
    const [id, hex] = part.includes(":") ? part.split(":") : [`k${i}`, part];
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new ConfigError("TOKEN_ENCRYPTION_KEY must be 64 hex characters (32 bytes), or id:hex pairs");
    }
    return { id, key: Buffer.from(hex, "hex") };
  });
}

let cached: Config | undefined;
/** The process-wide configuration, parsed once. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
