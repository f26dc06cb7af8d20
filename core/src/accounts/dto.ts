import type { Db, PlatformAccount, SyncRun } from "../db";

/** A connected channel as the dashboard sees it: never a token. */
export type PlatformDto = {
  id: string;
  platform: PlatformAccount["platform"];
  name: string;
  externalId: string;
  status: PlatformAccount["status"];
  lastSyncedAt: string | null;
  counts: { conversations: number; messages: number };
  lastRun: SyncRunDto | null;
};

export type SyncRunDto = {
  id: string;
  kind: string;
  status: SyncRun["status"];
  startedAt: string;
  finishedAt: string | null;
  fetched: number;
  conversationsDone: number;
  conversationsEst: number | null;
  error: string | null;
};

export function toRunDto(r: SyncRun): SyncRunDto {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    fetched: r.fetched,
    conversationsDone: r.conversationsDone,
    conversationsEst: r.conversationsEst,
    error: r.error,
  };
}

/** DTOs for several accounts with their counts and latest run, in three queries whatever the number. */
export async function toPlatformDtos(db: Db, accounts: PlatformAccount[]): Promise<PlatformDto[]> {
  if (!accounts.length) return [];
  const ids = accounts.map((a) => a.id);
  const [convs, msgs, runs] = await Promise.all([
    db.conversation.groupBy({
      by: ["platformAccountId"],
      where: { platformAccountId: { in: ids } },
      _count: { _all: true },
    }),
    db.message.groupBy({
      by: ["platformAccountId"],
      where: { platformAccountId: { in: ids } },
      _count: { _all: true },
    }),
    db.syncRun.findMany({
      where: { platformAccountId: { in: ids } },
      orderBy: { startedAt: "desc" },
      distinct: ["platformAccountId"],
    }),
  ]);
  const count = (rows: { platformAccountId: string; _count: { _all: number } }[], id: string) =>
    rows.find((r) => r.platformAccountId === id)?._count._all ?? 0;
  return accounts.map((a) => {
    const run = runs.find((r) => r.platformAccountId === a.id);
    return {
      id: a.id,
      platform: a.platform,
      name: a.name,
      externalId: a.externalId,
      status: a.status,
      lastSyncedAt: a.lastSyncedAt?.toISOString() ?? null,
      counts: { conversations: count(convs, a.id), messages: count(msgs, a.id) },
      lastRun: run ? toRunDto(run) : null,
    };
  });
}

export async function toPlatformDto(db: Db, account: PlatformAccount): Promise<PlatformDto> {
  return (await toPlatformDtos(db, [account]))[0];
}
