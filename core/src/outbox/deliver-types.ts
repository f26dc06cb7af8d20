import type { ReauthDeps } from "../accounts/reauth";
import type { Db } from "../db";
import type { GraphClient } from "../platforms/graph";
import type { Announce } from "../realtime/announce";

export type DeliverDeps = { db: Db; graph: GraphClient; announce: Announce } & ReauthDeps;
/** `delayMs`: Meta limits the account's sending; try again after that long (the job waits, it does not fail). */
export type DeliverOutcome = "sent" | "skipped" | "retry" | "failed" | { delayMs: number };
