import { afterAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "./main";

let running: RunningServer | undefined;
afterAll(() => running?.close());

describe("startServer", () => {
  it("serves the API on a real port and shuts down cleanly", async () => {
    running = await startServer({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${running.port}`;
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    await running.close();
    expect(running.server.listening).toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    await running.close(); // idempotent
  });
});
