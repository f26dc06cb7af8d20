import type { Db } from "../db";
import { notFound } from "../errors";
import { type PlatformDto, toPlatformDtos } from "./dto";

/** The workspace's connected channels, oldest first, with their status and last sync. */
export async function listAccounts(db: Db, workspaceId: string): Promise<PlatformDto[]> {
  const accounts = await db.platformAccount.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return toPlatformDtos(db, accounts);
}

/** One account of the workspace (`id` is a uuid: the route checked it); another workspace's answers 404. */
export async function workspaceAccount(db: Db, workspaceId: string, id: string) {
  const account = await db.platformAccount.findFirst({ where: { id, workspaceId } });
  if (!account) throw notFound("Account");
  return account;
}
