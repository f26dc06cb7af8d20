import type { Config } from "../config";
import type { Db, Platform } from "../db";
import { AppError, badRequest, conflict } from "../errors";
import { type GraphClient, GraphError } from "../platforms/graph";
import { subscribePage } from "../platforms/messenger/connect";
import type { Queues } from "../queues";
import type { Announce } from "../realtime/announce";
import { requestSync } from "../sync/runs";
import { ensureSyncSchedule } from "../sync/schedule";
import type { ConnectSession } from "./connect-session";
import { type PlatformDto, toPlatformDtos } from "./dto";
import { sealToken } from "./tokens";

export type ConnectDeps = {
  db: Db;
  graph: GraphClient;
  queues: Pick<Queues, "sync-account">;
  announce: Announce;
  config: Pick<Config, "SYNC_INTERVAL_MINUTES">;
};

export type Target = { platform: Platform; externalId: string; parentId: string | null; name: string; token: string };

/** The choices offered after the dialog: each Page with its Instagram account and whether it is already here. */
export async function connectChoices(db: Db, session: ConnectSession) {
  const ids = session.pages.flatMap((p) => [p.id, ...(p.instagram ? [p.instagram.id] : [])]);
  const here = await db.platformAccount.findMany({
    where: { workspaceId: session.workspaceId, externalId: { in: ids }, status: { not: "DISCONNECTED" } },
    select: { platform: true, externalId: true },
  });
  const connected = (platform: Platform, id: string) =>
    here.some((a) => a.platform === platform && a.externalId === id);
  return {
    pages: session.pages.map((p) => ({
      id: p.id,
      name: p.name,
      alreadyConnected: connected("MESSENGER", p.id),
      instagram: p.instagram ? { id: p.instagram.id, username: p.instagram.username, name: p.instagram.name } : null,
    })),
  };
}

/**
 * Connects the chosen Pages (Messenger) and Instagram accounts: subscribes each Page to Parley's webhooks,
 * stores the accounts with their page token encrypted, starts the backfill and the periodic sync.
 */
export async function connectMeta(
  deps: ConnectDeps,
  session: ConnectSession,
  choice: { pageIds: string[]; instagramIds: string[] },
): Promise<PlatformDto[]> {
  const targets: Target[] = [];
  const pagesToSubscribe = new Map<string, string>();
  const badPages = choice.pageIds.filter((id) => !session.pages.some((p) => p.id === id));
  const badIg = choice.instagramIds.filter((id) => !session.pages.some((p) => p.instagram?.id === id));
  if (badPages.length || badIg.length) {
    throw badRequest("Some chosen accounts were not offered by Facebook", {
      ...(badPages.length ? { pageIds: `unknown page ids: ${badPages.join(", ")}` } : {}),
      ...(badIg.length ? { instagramIds: `unknown Instagram ids: ${badIg.join(", ")}` } : {}),
    });
  }
  if (!choice.pageIds.length && !choice.instagramIds.length) {
    throw badRequest("Choose at least one Page or Instagram account", { pageIds: "choose at least one account" });
  }
  for (const p of session.pages) {
    if (choice.pageIds.includes(p.id)) {
      targets.push({ platform: "MESSENGER", externalId: p.id, parentId: null, name: p.name, token: p.accessToken });
      pagesToSubscribe.set(p.id, p.accessToken);
    }
    if (p.instagram && choice.instagramIds.includes(p.instagram.id)) {
      const ig = p.instagram;
      targets.push({
        platform: "INSTAGRAM",
        externalId: ig.id,
        parentId: p.id,
        name: ig.name ? `${ig.name} (@${ig.username})` : `@${ig.username}`,
        token: p.accessToken,
      });
      // Instagram messaging webhooks arrive through the Page's subscription.
      pagesToSubscribe.set(p.id, p.accessToken);
    }
  }
  await refuseTaken(deps.db, session.workspaceId, targets);
  for (const [pageId, token] of pagesToSubscribe) {
    await metaCall(() => subscribePage(deps.graph, pageId, token), "subscribe Parley to the Page's messages");
  }
  const ids: string[] = [];
  for (const t of targets) ids.push((await saveAccount(deps, session.workspaceId, t, null)).id);
  return startAccounts(deps, ids);
}

/** A Page or number connected to another workspace stays there: 409 before anything changes. */
export async function refuseTaken(
  db: Db,
  workspaceId: string,
  targets: Pick<Target, "platform" | "externalId" | "name">[],
): Promise<void> {
  const taken = await db.platformAccount.findMany({
    where: {
      OR: targets.map((t) => ({ platform: t.platform, externalId: t.externalId })),
      workspaceId: { not: workspaceId },
    },
  });
  if (!taken.length) return;
  const names = taken.map((a) => targets.find((t) => t.externalId === a.externalId)?.name ?? a.name);
  throw conflict(
    `${names.join(", ")} ${taken.length > 1 ? "are" : "is"} already connected to another Parley workspace. Disconnect it there first.`,
    "account_taken",
    Object.fromEntries(
      taken.map((a) => [
        a.platform === "INSTAGRAM" ? "instagramIds" : a.platform === "WHATSAPP" ? "phoneNumberId" : "pageIds",
        `${a.externalId} belongs to another workspace`,
      ]),
    ),
  );
}

/** Creates the account, or re-activates it with the new token when it was connected here before (history kept). */
export async function saveAccount(
  deps: Pick<ConnectDeps, "db">,
  workspaceId: string,
  t: Target,
  tokenExpiresAt: Date | null,
) {
  const data = {
    name: t.name,
    parentId: t.parentId,
    accessTokenEnc: sealToken(t.token, t),
    tokenExpiresAt,
    status: "ACTIVE" as const,
  };
  return deps.db.platformAccount.upsert({
    where: { platform_externalId: { platform: t.platform, externalId: t.externalId } },
    create: { workspaceId, platform: t.platform, externalId: t.externalId, ...data },
    update: data,
  });
}

/** After connecting: backfill now, sync every SYNC_INTERVAL_MINUTES from then on, and tell the workspace. */
export async function startAccounts(deps: ConnectDeps, ids: string[]): Promise<PlatformDto[]> {
  const accounts = await deps.db.platformAccount.findMany({ where: { id: { in: ids } } });
  for (const a of accounts) {
    await requestSync(deps, a);
    await ensureSyncSchedule(deps.queues, a.id, deps.config.SYNC_INTERVAL_MINUTES * 60_000);
    await deps.announce({ accounts: [a.id] });
  }
  const byId = new Map((await toPlatformDtos(deps.db, accounts)).map((d) => [d.id, d]));
  return ids.map((id) => byId.get(id)!);
}

/** Graph failures while connecting become a 502 that says what Parley was trying to do. */
export async function metaCall<T>(fn: () => Promise<T>, what: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    if (e.kind === "auth" || e.kind === "permission")
      throw new AppError(
        400,
        "meta_refused",
        `Meta refused to ${what}: ${e.message}. Reconnect and accept every permission.`,
      );
    throw new AppError(502, "meta_unavailable", `Could not ${what}: ${e.message}`);
  }
}
