import pino from "pino";
import pretty from "pino-pretty";
import { config } from "./config";
import { logContext } from "./log-context";

// People read a terminal; machines read everything else (docker, systemd, files): JSON unless it is a TTY.
const format = config().LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json");
const destination =
  format === "pretty"
    ? pretty({ colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service", sync: true })
    : undefined;

// Secrets never reach logs: tokens, cookies and passwords are redacted wherever they appear.
const options: pino.LoggerOptions = {
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
};
export const logger = destination ? pino(options, destination) : pino(options);
export type Logger = typeof logger;
