import { z } from "zod";

// Dev defaults that must never reach production: loadConfig refuses them when NODE_ENV=production.
const DEV_JWT_SECRET = "dev-jwt-secret-change-me";
const DEV_TOKEN_KEY = "0000000000000000000000000000000000000000000000000000000000000000";
const DEV_APP_SECRET = "parley-simulator-app-secret";
const DEV_SECRETS: Record<string, string> = {
  JWT_SECRET: DEV_JWT_SECRET,
  TOKEN_ENCRYPTION_KEY: DEV_TOKEN_KEY,
  META_APP_SECRET: DEV_APP_SECRET,
};

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
  META_VERIFY_TOKEN: z.string().default("parley-verify-token"),
  META_GRAPH_URL: z.string().url().default("http://127.0.0.1:4100/v21.0"),
  /** Base of the OAuth dialog (https://www.facebook.com/v21.0 for the real Meta). */
  META_OAUTH_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  SYNC_INTERVAL_MINUTES: z.coerce.number().positive().default(5),
  SYNC_BACKFILL_DAYS: z.coerce.number().int().positive().default(30),
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
  TRUST_PROXY: bool.default(false),
});

export type Config = z.infer<typeof schema> & {
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
  const realMetaApp = cleaned.META_APP_ID !== undefined && cleaned.META_APP_SECRET !== undefined;
  return {
    ...c,
    META_OAUTH_URL: c.META_OAUTH_URL ?? c.META_GRAPH_URL,
    demo: c.DEMO ?? (!realMetaApp && c.NODE_ENV !== "production"),
    tokenKeys,
    appSecrets: [c.META_APP_SECRET, ...c.META_EXTRA_APP_SECRETS.split(",").map((s) => s.trim())].filter(Boolean),
  };
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
