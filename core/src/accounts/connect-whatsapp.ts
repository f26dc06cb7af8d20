import type { Config } from "../config";
import { AppError, badRequest } from "../errors";
import type { Logger } from "../logger";
import { GraphError } from "../platforms/graph";
import { inspectToken } from "../platforms/messenger/connect";
import { getPhoneNumber, listTemplates, listWabaNumbers, subscribeWaba } from "../platforms/whatsapp/connect";
import { type ConnectDeps, metaCall, refuseTaken, saveAccount, startAccounts } from "./connect-meta";
import type { PlatformDto } from "./dto";

export type WhatsAppConnectInput = { phoneNumberId: string; wabaId: string; accessToken: string };

/**
 * Connects a WhatsApp number after checking, against the Graph API, that the token works, that it sees
 * the number, and that it can manage the WABA; each failure names the field that is wrong.
 */
export async function connectWhatsApp(
  deps: ConnectDeps & {
    config: Pick<Config, "SYNC_INTERVAL_MINUTES" | "META_APP_ID" | "META_APP_SECRET">;
    logger?: Logger;
  },
  workspaceId: string,
  input: WhatsAppConnectInput,
): Promise<PlatformDto> {
  const number = await getPhoneNumber(deps.graph, input.accessToken, input.phoneNumberId).catch((e) => {
    throw explain(e, "phoneNumberId", "No WhatsApp phone number with this id is visible to this token");
  });
  const numbers = await listWabaNumbers(deps.graph, input.accessToken, input.wabaId).catch((e) => {
    throw explain(e, "wabaId", "No WhatsApp Business Account with this id is visible to this token");
  });
  if (!numbers.includes(input.phoneNumberId)) {
    throw badRequest(
      "This phone number does not belong to that WhatsApp Business Account",
      {
        phoneNumberId: "is not a number of this WhatsApp Business Account",
      },
      "whatsapp_check_failed",
    );
  }
  const templates = await listTemplates(deps.graph, input.accessToken, input.wabaId).catch((e) => {
    throw explain(e, "wabaId", "No WhatsApp Business Account with this id is visible to this token");
  });
  const name = number.verifiedName
    ? `${number.verifiedName} (${number.displayPhoneNumber})`
    : number.displayPhoneNumber;
  const target = {
    platform: "WHATSAPP" as const,
    externalId: input.phoneNumberId,
    parentId: input.wabaId,
    name,
    token: input.accessToken,
  };
  await refuseTaken(deps.db, workspaceId, [target]);
  // Webhooks for the number come through the WABA's subscription.
  await metaCall(
    () => subscribeWaba(deps.graph, input.accessToken, input.wabaId),
    "subscribe Parley to the WhatsApp Business Account",
  );
  const expiresAt = await inspectToken(
    deps.graph,
    { appId: deps.config.META_APP_ID, appSecret: deps.config.META_APP_SECRET },
    input.accessToken,
  )
    .then((t) => t.expiresAt)
    .catch(() => null); // expiry is a nicety for the daily check; the token itself was just proven to work
  const account = await saveAccount(deps, workspaceId, target, expiresAt);
  await deps.db.$transaction(
    templates.map((t) =>
      deps.db.messageTemplate.upsert({
        where: {
          platformAccountId_name_language: { platformAccountId: account.id, name: t.name, language: t.language },
        },
        create: {
          platformAccountId: account.id,
          name: t.name,
          language: t.language,
          category: t.category,
          status: t.status,
          components: t.components as object[],
        },
        update: { category: t.category, status: t.status, components: t.components as object[] },
      }),
    ),
  );
  return (await startAccounts(deps, [account.id]))[0];
}

function explain(e: unknown, field: "phoneNumberId" | "wabaId", notFoundText: string): Error {
  if (!(e instanceof GraphError)) return e as Error;
  if (e.kind === "auth") {
    return badRequest(
      "Meta does not accept this access token: it is invalid or has expired",
      {
        accessToken: "is invalid or expired; create a new system-user token in Business Manager",
      },
      "whatsapp_check_failed",
    );
  }
  if (e.kind === "permission") {
    return badRequest(
      `This token lacks a WhatsApp permission for the ${field === "wabaId" ? "business account" : "phone number"}`,
      {
        accessToken: "needs whatsapp_business_messaging and whatsapp_business_management for this account",
      },
      "whatsapp_check_failed",
    );
  }
  if (e.kind === "invalid")
    return badRequest(notFoundText, { [field]: notFoundText.toLowerCase() }, "whatsapp_check_failed");
  return new AppError(502, "meta_unavailable", `Could not check the WhatsApp account with Meta: ${e.message}`);
}
