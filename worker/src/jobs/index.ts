import type { QueueName } from "@parley/core/queues";
import { aggregateAnalytics } from "./aggregate-analytics";
import { markRead } from "./mark-read";
import { processWebhook } from "./process-webhook";
import type { Processor } from "./processor";
import { reconcile } from "./reconcile";
import { refreshTokens } from "./refresh-tokens";
import { sendMessage } from "./send-message";
import { sendTyping } from "./send-typing";
import { storeMedia } from "./store-media";
import { storeWebhook } from "./store-webhook";
import { syncAccount } from "./sync-account";
import { wakeSnoozed } from "./wake-snoozed";

/**
 * Every queue's processor. Each job file exports its factory; add yours here (one line each).
 * Queues without an entry are not consumed by this worker.
 */
export const processors: { [Q in QueueName]?: Processor<Q> } = {
  "process-webhook": processWebhook,
  "store-webhook": storeWebhook,
  reconcile,
  "aggregate-analytics": aggregateAnalytics,
  "sync-account": syncAccount,
  "send-message": sendMessage,
  "mark-read": markRead,
  "send-typing": sendTyping,
  "refresh-tokens": refreshTokens,
  "store-media": storeMedia,
  "wake-snoozed": wakeSnoozed,
};
