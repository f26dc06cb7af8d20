import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";
import { type SimulatorOptions, startSimulator } from "../src/index";

export type Received = {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  json: any;
  at: number;
};

/** A bare webhook endpoint for tests: keeps the raw bytes of every POST, answers what `status` says. */
export async function startReceiver(status: (n: number, r: Received) => number = () => 200) {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        json = undefined;
      }
      const r: Received = { path: req.url ?? "/", headers: req.headers, raw, json, at: Date.now() };
      received.push(r);
      res.statusCode = status(received.length, r);
      res.end();
      for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** resolves once at least n POSTs arrived */
    waitFor: (n: number, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (received.length >= n) return resolve();
        const t = setTimeout(() => reject(new Error(`only ${received.length}/${n} webhooks arrived`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * A receiver and a simulator that delivers every webhook to it (at `/<object>`), both closed when the calling
 * test finishes. `status` is the receiver's answer to the nth POST.
 */
export async function startSimulatorWithReceiver(
  opts: Omit<SimulatorOptions, "webhookUrl"> & { status?: (n: number) => number } = {},
) {
  const { status, ...simOptions } = opts;
  const rcv = await startReceiver(status);
  const sim = await startSimulator({ ...simOptions, webhookUrl: (o) => `${rcv.url}/${o}` });
  onTestFinished(async () => {
    await sim.close();
    await rcv.close();
  });
  return { rcv, sim };
}
