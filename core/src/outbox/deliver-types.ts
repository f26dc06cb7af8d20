import type { ReauthDeps } from "../accounts/reauth";
import type { Config } from "../config";
import type { Db } from "../db";
import type { MediaStore } from "../media/store";
import type { GraphClient } from "../platforms/graph";
import type { Announce } from "../realtime/announce";

/**
 * `store` and `config` (PUBLIC_URL, JWT_SECRET) are needed for uploaded files; without them the media store and
 * settings come from the environment.
 */
export type DeliverDeps = {
  db: Db;
  graph: GraphClient;
  announce: Announce;
  store?: MediaStore;
  config?: Partial<Pick<Config, "PUBLIC_URL" | "JWT_SECRET">>;
} & ReauthDeps;
/** `delayMs`: Meta limits the account's sending; try again after that long (the job waits, it does not fail). */
export type DeliverOutcome = "sent" | "skipped" | "retry" | "failed" | { delayMs: number };
