import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sealToken } from "@parley/core/accounts/tokens";
import { config } from "@parley/core/config";
import { escapeNonAscii, signMetaPayload } from "@parley/core/crypto";
import type { Db, Platform } from "@parley/core/db";
import { type SimulatorOptions, startSimulator } from "@parley/simulator";
import { createRequestListener } from "../src/app";
import { createDeps, type Deps } from "../src/deps";
import { attachRealtime, type Realtime } from "../src/realtime/index";
import { createTestWorkspace } from "./harness";

/** A real API instance on a random port (HTTP + /ws), with its own deps. */
export async function startApi(overrides: Partial<Deps> = {}) {
  const deps = createDeps(overrides);
  const server: Server = createServer(createRequestListener(deps));
  const realtime: Realtime = attachRealtime(server, deps, { heartbeatMs: 60_000 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    deps,
    server,
    realtime,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async close() {
      await realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.close();
    },
  };
}

export const APP_SECRET = () => config().META_APP_SECRET;

/** Where Meta posts each object's webhooks on the API at `apiUrl`. */
export const webhookUrlOf = (apiUrl: string) => (object: string) =>
  `${apiUrl}/api/webhooks/${{ page: "messenger", instagram: "instagram", whatsapp_business_account: "whatsapp" }[object]}`;

/** A simulator acting as Meta for this API: its app id and secret, and every webhook delivered to it. */
export function startMetaFor(
  api: { url: string; deps: Pick<Deps, "config"> },
  opts: { retry: NonNullable<SimulatorOptions["retry"]> },
) {
  const cfg = api.deps.config;
  return startSimulator({
    appId: cfg.META_APP_ID,
    appSecret: cfg.META_APP_SECRET,
    webhookUrl: webhookUrlOf(api.url),
    retry: opts.retry,
  });
}

/** An account stored as connect stores it, its Meta token sealed to it; named after itself unless told. */
export function storeAccount(
  db: Db,
  a: { workspaceId: string; platform: Platform; externalId: string; token: string; parentId?: string; name?: string },
) {
  const { workspaceId, platform, externalId, parentId } = a;
  return db.platformAccount.create({
    data: {
      workspaceId,
      platform,
      externalId,
      parentId,
      name: a.name ?? `${platform} ${externalId}`,
      accessTokenEnc: sealToken(a.token, { platform, externalId }),
    },
  });
}

/** POSTs a body signed like Meta does (non-ASCII escaped as \uXXXX before hashing and sending). */
export async function postWebhook(
  baseUrl: string,
  platform: string,
  payload: unknown,
  opts: { secret?: string; signature?: string | null; raw?: string } = {},
) {
  const body = opts.raw ?? escapeNonAscii(JSON.stringify(payload));
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const signature = opts.signature === undefined ? signMetaPayload(body, opts.secret ?? APP_SECRET()) : opts.signature;
  if (signature !== null) headers["X-Hub-Signature-256"] = signature;
  const res = await fetch(`${baseUrl}/api/webhooks/${platform}`, { method: "POST", headers, body });
  return { status: res.status, text: await res.text() };
}

/** A workspace with a connected Messenger Page, WhatsApp number and Instagram account, written straight to the DB. */
export async function seedWorkspace(deps: Pick<Deps, "db" | "config">) {
  const ws = await createTestWorkspace(deps);
  const n = () => String(Math.floor(1e14 + Math.random() * 9e14));
  const account = (platform: Platform, externalId: string, parentId?: string) =>
    storeAccount(deps.db, {
      workspaceId: ws.workspace.id,
      platform,
      externalId,
      parentId,
      token: `token-${externalId}`,
    });
  const page = await account("MESSENGER", n());
  const instagram = await account("INSTAGRAM", n(), page.externalId);
  const whatsapp = await account("WHATSAPP", n(), n());
  return { ...ws, page, instagram, whatsapp };
}

/** A Messenger text webhook exactly as Meta shapes it (several messages batched under one entry). */
export function messengerText(pageId: string, messages: { psid: string; mid?: string; text: string }[]) {
  const time = Date.now();
  return {
    object: "page",
    entry: [
      {
        id: pageId,
        time,
        messaging: messages.map((m, i) => ({
          sender: { id: m.psid },
          recipient: { id: pageId },
          timestamp: time + i,
          message: { mid: m.mid ?? `m_${randomUUID().replaceAll("-", "")}`, text: m.text },
        })),
      },
    ],
  };
}

/** A WhatsApp text webhook as Meta shapes it. */
export function whatsappText(
  wabaId: string,
  phoneNumberId: string,
  messages: { waId: string; name?: string; wamid?: string; text: string }[],
) {
  const ts = String(Math.floor(Date.now() / 1000));
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: wabaId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: phoneNumberId },
              contacts: messages.map((m) => ({ profile: { name: m.name ?? "Customer" }, wa_id: m.waId })),
              messages: messages.map((m) => ({
                from: m.waId,
                id: m.wamid ?? `wamid.${Buffer.from(randomUUID()).toString("base64")}`,
                timestamp: ts,
                type: "text",
                text: { body: m.text },
              })),
            },
          },
        ],
      },
    ],
  };
}

/** Polls until `check` returns a truthy value (the worker is asynchronous), or fails after `ms`. */
export { waitFor as eventually } from "../../test/support/processes";

export const countMessages = (db: Db, externalIds: string[]) =>
  db.message.groupBy({ by: ["externalId"], where: { externalId: { in: externalIds } }, _count: true });

/** Events not yet processed whose payload names one of these account ids (test files share one database). */
export async function pendingEventsFor(db: Db, accountExternalIds: string[]): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM "WebhookEvent" WHERE status = 'RECEIVED' AND payload::text ~ $1`,
    accountExternalIds.map((id) => id.replace(/\W/g, "")).join("|"),
  );
  return rows.map((r) => r.id);
}
