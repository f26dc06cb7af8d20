import type { Db, PlatformAccount } from "../db";
import type { Logger } from "../logger";
import type { GraphClient } from "../platforms/graph";
import { refreshTemplates } from "../sync/whatsapp-health";

const read = (db: Db, accountId: string) =>
  db.messageTemplate.findMany({
    where: { platformAccountId: accountId },
    orderBy: [{ name: "asc" }, { language: "asc" }],
  });

/**
 * The message templates a WhatsApp account may send (none for other platforms). None stored yet on an
 * active account: fetched from Meta once first, best effort (a failure answers what is stored).
 */
export async function accountTemplates(
  deps: { db: Db; graph: GraphClient; logger?: Logger },
  account: PlatformAccount,
) {
  if (account.platform !== "WHATSAPP") return [];
  let rows = await read(deps.db, account.id);
  if (!rows.length && account.status === "ACTIVE") {
    await refreshTemplates(deps, account).catch((e) =>
      deps.logger?.warn({ err: (e as Error).message }, "template refresh failed"),
    );
    rows = await read(deps.db, account.id);
  }
  return rows.map((t) => ({
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    components: t.components,
  }));
}
