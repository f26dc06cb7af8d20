import { request } from "node:http";
import { config } from "@parley/core/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type Service, spawnService, waitFor, waitForHttp } from "../support/processes";

/** Issue #14 item 11: unsigned webhook POSTs cost a header check, and their refusals cost one log line a second. */
let api: Service;
let base = "";
beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = spawnService("server/src/main.ts", {
    PORT: String(port),
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_PREFIX: config().REDIS_PREFIX,
    LOG_LEVEL: "warn",
  });
  await waitForHttp(`${base}/readyz`, 60_000);
}, 90_000);
afterAll(() => api?.stop());

/** Sends a POST's headers announcing a 1 MB body, and never the body: only a header check can answer it. */
function headersOnly(signature: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(1 << 20) };
    if (signature !== undefined) headers["x-hub-signature-256"] = signature;
    const req = request(`${base}/api/webhooks/messenger`, { method: "POST", headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.setTimeout(3_000, () => req.destroy(new Error("no answer before the body was sent")));
    req.flushHeaders();
  });
}

describe("webhook signature header", () => {
  it("refuses a missing or malformed X-Hub-Signature-256 before the body is read", async () => {
    expect(await headersOnly(undefined)).toBe(401);
    expect(await headersOnly("sha256=zz")).toBe(401);
    expect(await headersOnly(`sha1=${"a".repeat(40)}`)).toBe(401);
  });

  it("logs a flood of refusals as at most one line a second per reason", async () => {
    await new Promise((r) => setTimeout(r, 1_100)); // the first test's refusals are a second old
    const before = api.output().length;
    const started = Date.now();
    for (let i = 0; i < 30; i++) {
      await fetch(`${base}/api/webhooks/whatsapp`, {
        method: "POST",
        body: "{}",
        headers: { "x-hub-signature-256": "x" },
      });
    }
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const refusals = () =>
      api
        .output()
        .slice(before)
        .split("\n")
        .filter((l) => l.includes('"webhook refused"'));
    await waitFor(() => refusals().length > 0, 5_000, "a refusal to be logged");
    await new Promise((r) => setTimeout(r, 200));
    expect(refusals().length).toBeLessThanOrEqual(seconds);
  });
});
