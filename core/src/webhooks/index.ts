export { fetchMissingProfiles } from "./contact-profiles";
export { enqueueBatch, enqueueProcessing, enqueueStore, processJob } from "./enqueue";
export { createEventStore, type IncomingEvent, storeEvents } from "./event-store";
export { createIngest, type IngestDeps, type IngestResult, ingestWebhook } from "./ingest";
export { nameOfPlatform, platformFromName, WEBHOOK_PLATFORMS, type WebhookPlatformName } from "./platforms";
export { markFailed, type Outcome, type ProcessDeps, processWebhookEvents } from "./process-events";
