import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("structured logs", () => {
  it("lines logged through the shared logger inside a request or job carry its context; outside, they do not", () => {
    const script = `
      const { logger } = await import("@parley/core/logger");
      const { withLogContext } = await import("@parley/core/log-context");
      await withLogContext({ reqId: "req-1" }, async () => {
        await new Promise((r) => setTimeout(r, 5));
        logger.warn({ detail: 1 }, "inside");
        withLogContext({ queue: "q", jobId: "j-1" }, () => logger.child({ accountId: "a-1" }).warn("nested"));
      });
      logger.warn("outside");
    `;
    const out = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "info" },
      encoding: "utf8",
    });
    const lines = out.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    const byMsg = Object.fromEntries(lines.map((l) => [l.msg, l]));
    expect(byMsg.inside).toMatchObject({ reqId: "req-1", detail: 1 });
    expect(byMsg.nested).toMatchObject({ reqId: "req-1", queue: "q", jobId: "j-1", accountId: "a-1" });
    expect(byMsg.outside.reqId).toBeUndefined();
  });
});
