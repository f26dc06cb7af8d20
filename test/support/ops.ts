import WebSocket from "ws";
import { createDeps } from "../../server/src/deps";
import { freePort, spawnService, waitForHttp } from "./processes";

/** The API as production runs it: its own process on a free port, this test's database and Redis prefix. */
export async function spawnApi(env: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const service = spawnService("server/src/main.ts", { PORT: String(port), HOST: "127.0.0.1", ...env });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, 60_000).catch((e) => {
    throw new Error(`${e.message}\n${service.output()}`);
  });
  return { ...service, url, wsUrl: `ws://127.0.0.1:${port}/ws` };
}

/** The worker as its own process, serving /metrics on a free port. */
export async function spawnWorker(env: NodeJS.ProcessEnv = {}) {
  const metricsPort = await freePort();
  const service = spawnService("worker/src/main.ts", {
    WORKER_CONCURRENCY: "4",
    WORKER_METRICS_PORT: String(metricsPort),
    HOST: "127.0.0.1",
    ...env,
  });
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const token = env.METRICS_TOKEN;
  await waitForHttp(metricsUrl, 60_000, token ? { headers: { Authorization: `Bearer ${token}` } } : undefined).catch(
    (e) => {
      throw new Error(`${e.message}\n${service.output()}`);
    },
  );
  return { ...service, metricsUrl };
}

/** Database and Redis access for the test itself (seeding, counting). */
export const testDeps = () => createDeps();

/** A dashboard client: resolves once the server said "ready"; `closed` resolves with the close code. */
export async function connectClient(wsUrl: string, token: string) {
  const ws = new WebSocket(wsUrl);
  ws.on("open", () => ws.send(JSON.stringify({ type: "auth", token })));
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (data) => {
      if (JSON.parse(data.toString()).type === "ready") resolve();
    });
    ws.on("error", reject);
  });
  return { ws, closed };
}

/** One metric sample's value from Prometheus text, or undefined. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const m = /^([^\s{]+)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}
