import { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics. Each process (API, worker) has one registry; the API's /metrics adds gauges read
 * at scrape time (queue depth, processing lag) so a single scrape shows the pipeline's health.
 */
export const registry = new Registry();

export const webhookReceived = new Counter({
  name: "parley_webhook_events_received_total",
  help: "Webhook POSTs accepted, by platform and where they were stored (postgres | redis)",
  labelNames: ["platform", "store"] as const,
  registers: [registry],
});
export const webhookRejected = new Counter({
  name: "parley_webhook_events_rejected_total",
  help: "Webhook POSTs refused, by platform and reason",
  labelNames: ["platform", "reason"] as const,
  registers: [registry],
});
export const webhookProcessed = new Counter({
  name: "parley_webhook_events_processed_total",
  help: "Webhook events processed by workers, by platform and outcome (processed | failed)",
  labelNames: ["platform", "outcome"] as const,
  registers: [registry],
});
export const webhookLag = new Histogram({
  name: "parley_webhook_processing_lag_seconds",
  help: "Time from receiving a webhook to its messages being in the database",
  labelNames: ["platform"] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});
export const jobDuration = new Histogram({
  name: "parley_job_duration_seconds",
  help: "Job processing time by queue and outcome",
  labelNames: ["queue", "outcome"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [registry],
});
export const syncRuns = new Counter({
  name: "parley_sync_runs_total",
  help: "Account sync runs by platform and outcome",
  labelNames: ["platform", "outcome"] as const,
  registers: [registry],
});
export const wsConnections = new Gauge({
  name: "parley_ws_connections",
  help: "Open WebSocket connections on this API instance",
  registers: [registry],
});
export const httpDuration = new Histogram({
  name: "parley_http_request_duration_seconds",
  help: "HTTP request duration by method, route and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
export const queueDepth = new Gauge({
  name: "parley_queue_jobs",
  help: "Jobs per queue and state, read at scrape time",
  labelNames: ["queue", "state"] as const,
  registers: [registry],
});
export const oldestReceivedAge = new Gauge({
  name: "parley_webhook_oldest_unprocessed_seconds",
  help: "Age of the oldest webhook event not yet processed (0 when none)",
  registers: [registry],
});
