import pino from "pino";
import { config } from "./config";

// Secrets never reach logs: tokens, cookies and passwords are redacted wherever they appear.
export const logger = pino({
  level: config().LOG_LEVEL,
  base: { service: process.env.PARLEY_SERVICE ?? "parley" },
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
