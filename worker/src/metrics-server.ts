import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { registry } from "@parley/core/metrics";
import { metricsAccessAllowed } from "@parley/core/metrics-access";

export type MetricsServer = { port: number; close(): Promise<void> };

/**
 * The worker's own /metrics (job durations, webhooks processed, sync runs live in the worker's registry,
 * not the API's). A bare node:http server: one route does not need Express.
 */
export async function startMetricsServer(opts: { port: number; host: string; token: string }): Promise<MetricsServer> {
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://x").pathname !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    if (!metricsAccessAllowed(opts.token, req.headers.authorization, req.socket.remoteAddress)) {
      res.writeHead(401, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({ error: { code: "unauthorized", message: "Metrics need the METRICS_TOKEN bearer token" } }),
      );
      return;
    }
    try {
      const body = await registry.metrics();
      res.writeHead(200, { "Content-Type": registry.contentType }).end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
