import type { AddressInfo } from "node:net";
import { buildApp } from "./app";
import { Simulator } from "./handle";
import { appSecretProof, metaJson, signBody } from "./meta-json";
import {
  type CustomerEventOptions,
  type CustomerSendOptions,
  type InjectedError,
  OTHER_APP_ID,
  type ReceiptOptions,
  type SentRecord,
  SimCore,
  type SimulatorOptions,
} from "./simulator";
import { type CustomerRefusal, type Platform, SimState } from "./state";
import { type CustomerKind, KINDS_BY_PLATFORM } from "./webhooks/kinds";
import type { SendWebhookOptions, WebhookObject } from "./webhooks/sender";

export { startCommentTraffic } from "./comment-traffic";
export {
  addComment,
  commentStore,
  createPost,
  mentionAccount,
  mentionStore,
  sendCommentWebhooks,
} from "./graph/comments";
export { buildWebhook, Simulator } from "./handle";
export { startTraffic, type Traffic, type TrafficOptions } from "./traffic";
export type {
  CustomerEventOptions,
  CustomerKind,
  CustomerRefusal,
  CustomerSendOptions,
  InjectedError,
  Platform,
  ReceiptOptions,
  SendWebhookOptions,
  SentRecord,
  SimulatorOptions,
  WebhookObject,
};
export { appSecretProof, KINDS_BY_PLATFORM, metaJson, OTHER_APP_ID, signBody };

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const core = new SimCore(new SimState(), opts);
  const app = buildApp(core);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(opts.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve()));
    server.keepAliveTimeout = 65_000;
    core.server = server;
  });
  const port = (core.server!.address() as AddressInfo).port;
  core.url = `http://${host}:${port}`;
  core.graphUrl = `${core.url}/${opts.version ?? "v21.0"}`;
  return new Simulator(core);
}
