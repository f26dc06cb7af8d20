import type { Db } from "../db";
import { encodeCursor, type Keyset } from "./cursor";
import { type ConversationDto, type ConversationRow, toConversationDto } from "./dto";
import {
  containsPattern,
  conversationRowsSql,
  type LabelRoute,
  type ListFilters,
  labelUseSql,
  listSql,
  messageMatchEstimateSql,
  rowsOfKeysSql,
  searchTrigramSql,
  searchWalkSql,
  windowSizeSql,
} from "./sql";

export type ListQuery = ListFilters & { q?: string; cursor?: Keyset; limit: number };
export type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * Search tuning (see bench/inbox.ts). Two ways to find matching conversations: walk the inbox in order and
 * test each (~25 µs a conversation, so cheap when matches are dense), or collect matching messages from the
 * trigram index (cost per matching message, so cheap when the term is rare). The planner's estimate of the
 * term's frequency picks which goes first: `commonTerm` or more estimated messages walk `walkWindow`
 * conversations first. (The estimate comes from a 1,000-value histogram of message texts, so one value in
 * it stands for ~0.1% of messages; a term absent from it gets the planner's default, about 0.01%.)
 * The trigram route gives up beyond `hitsCap` matching messages; then an unbounded walk is the last resort.
 * Known slow case: a term in ~10,000 messages, all in old conversations (~60 ms at 100k conversations).
 */
export const SEARCH_TUNING = { commonTerm: 1_500, walkWindow: 400, hitsCap: 12_000 };
export type SearchTuning = typeof SEARCH_TUNING;
/**
 * The label filter (see LabelRoute in sql.ts): a label on at least `walkFrom` conversations is found by walking
 * the list in order (about 30 × inbox size ÷ label use rows for a page), a rarer one by gathering its rows and
 * sorting them (at most `walkFrom`). Measured in bench/inbox.ts with a common and a rare label.
 */
export const LABEL_TUNING = { walkFrom: 2_000 };
export type LabelTuning = typeof LABEL_TUNING;
/** Trigram indexes need 3 characters; shorter terms can only be walked. */
const MIN_TRIGRAM_TERM = 3;

export async function listConversations(
  db: Db,
  workspaceId: string,
  query: ListQuery,
  tuning: SearchTuning = SEARCH_TUNING,
  labelTuning: LabelTuning = LABEL_TUNING,
): Promise<Page<ConversationDto>> {
  const take = query.limit + 1;
  const rows = query.q
    ? await searchRows(db, workspaceId, query, take, tuning)
    : await db.$queryRaw<ConversationRow[]>(
        rowsOfKeysSql(
          listSql(workspaceId, query, query.cursor, take, await labelRoute(db, query.labelId, labelTuning)),
          query,
        ),
      );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const priority = query.sort === "priority" ? { priority: last?.priority } : {};
  return {
    items: page.map(toConversationDto),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ at: last.lastMessageAt, id: last.id, ...priority }) : null,
  };
}

export async function conversationRows(db: Db, workspaceId: string, ids: string[]): Promise<ConversationRow[]> {
  return ids.length ? db.$queryRaw<ConversationRow[]>(conversationRowsSql(workspaceId, ids)) : [];
}

/** Which way the list finds a label's conversations (the benchmark EXPLAINs the statement this picks). */
export async function labelRoute(
  db: Db,
  labelId: string | undefined,
  { walkFrom }: LabelTuning = LABEL_TUNING,
): Promise<LabelRoute | undefined> {
  if (!labelId) return undefined;
  const [{ n }] = await db.$queryRaw<{ n: number }[]>(labelUseSql(labelId, walkFrom));
  return n >= walkFrom ? "walk" : "gather";
}

async function searchRows(
  db: Db,
  workspaceId: string,
  query: ListQuery,
  take: number,
  { commonTerm, walkWindow, hitsCap }: SearchTuning,
): Promise<ConversationRow[]> {
  const q = query.q ?? "";
  const pattern = containsPattern(q);
  const walk = (window?: number) =>
    db.$queryRaw<ConversationRow[]>(
      rowsOfKeysSql(searchWalkSql(workspaceId, query, query.cursor, pattern, take, window), query),
    );
  const viaTrigrams = async (): Promise<ConversationRow[] | null> => {
    const keys = await db.$queryRaw<{ total: number; id: string | null }[]>(
      searchTrigramSql(workspaceId, query, query.cursor, pattern, take, hitsCap),
    );
    if ((keys[0]?.total ?? 0) > hitsCap) return null;
    const ids = keys.flatMap((k) => (k.id ? [k.id] : []));
    const byId = new Map((await conversationRows(db, workspaceId, ids)).map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  if (q.length < MIN_TRIGRAM_TERM) return walk();

  if ((await estimateMessageMatches(db, pattern)) < commonTerm) return (await viaTrigrams()) ?? walk();
  const walked = await walk(walkWindow);
  if (walked.length >= take) return walked;
  const [{ n }] = await db.$queryRaw<{ n: number }[]>(windowSizeSql(workspaceId, query, query.cursor, walkWindow));
  if (n < walkWindow) return walked; // the window reached the end of the inbox: nothing more to find
  return (await viaTrigrams()) ?? walk();
}

async function estimateMessageMatches(db: Db, pattern: string): Promise<number> {
  const [row] = await db.$queryRaw<{ "QUERY PLAN": { Plan: { "Plan Rows": number } }[] }[]>(
    messageMatchEstimateSql(pattern),
  );
  return row?.["QUERY PLAN"]?.[0]?.Plan?.["Plan Rows"] ?? 0;
}
