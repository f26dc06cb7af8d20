import pino from "pino";
import { config } from "./config";
import { logContext } from "./log-context";

// Secrets never reach logs: tokens, cookies and passwords are redacted wherever they appear.
export const logger = pino({
  level: config().LOG_LEVEL,
  base: { service: process.env.PARLEY_SERVICE ?? "parley" },
  // The request or job being handled (see log-context.ts); a child logger's own bindings come after it.
  // A copy: pino merges the line's own fields into what mixin returns.
  mixin: () => ({ ...logContext() }),
  redact: {
    paths: [
      "req.headers.authorization",
      "req.headers.cookie",
      'res.headers["set-cookie"]',
      "*.password",
      "*.accessToken",
      "*.access_token",
      "*.token",
      "*.refreshToken",
    ],
    censor: "[redacted]",
  },
});
export type Logger = typeof logger;
