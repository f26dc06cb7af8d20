import { accountToken } from "../accounts/tokens";
import type { Db, PlatformAccount } from "../db";
import { type GraphClient, GraphError } from "../platforms/graph";
import { getPhoneNumber, listTemplates } from "../platforms/whatsapp/connect";
import type { SyncOutcome } from "./meta-sync";

/** Replaces the stored templates of a WhatsApp account with the WABA's current list. */
export async function refreshTemplates(
  deps: { db: Db; graph: GraphClient },
  account: PlatformAccount,
): Promise<number> {
  const templates = await listTemplates(deps.graph, accountToken(account), account.parentId ?? "");
  await deps.db.$transaction(async (tx) => {
    await tx.messageTemplate.deleteMany({
      where: {
        platformAccountId: account.id,
        NOT: { OR: templates.map((t) => ({ name: t.name, language: t.language })) },
      },
    });
    for (const t of templates) {
      const data = { category: t.category, status: t.status, components: t.components as object[] };
      await tx.messageTemplate.upsert({
        where: {
          platformAccountId_name_language: { platformAccountId: account.id, name: t.name, language: t.language },
        },
        create: { platformAccountId: account.id, name: t.name, language: t.language, ...data },
        update: data,
      });
    }
  });
  return templates.length;
}

/**
 * WhatsApp has no history API, so its scheduled "sync" is a health check: the number still answers with
 * this token, and the approved templates are current.
 */
export async function runWhatsAppHealth(
  deps: { db: Db; graph: GraphClient },
  account: PlatformAccount,
): Promise<SyncOutcome> {
  try {
    await getPhoneNumber(deps.graph, accountToken(account), account.externalId);
    await refreshTemplates(deps, account);
    return { status: "SUCCEEDED" };
  } catch (e) {
    if (e instanceof GraphError && e.kind === "rate_limit")
      return { status: "PAUSED", resumeInMs: e.retryAfterMs ?? 60_000, reason: e.message };
    if (e instanceof GraphError) return { status: "FAILED", error: e };
    throw e;
  }
}
