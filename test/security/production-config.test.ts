import { describe, expect, it } from "vitest";
import { loadConfig } from "../../core/src/config";

/** Issue #14 item 8: production refuses to start on a development default. */
const good = {
  NODE_ENV: "production",
  JWT_SECRET: "a-real-secret-of-thirty-two-chars!!",
  TOKEN_ENCRYPTION_KEY: "ab".repeat(32),
  META_APP_SECRET: "real-app-secret",
  META_VERIFY_TOKEN: "a-verify-token-of-our-own",
  META_GRAPH_URL: "https://graph.facebook.com/v21.0",
  PUBLIC_URL: "https://inbox.example.com",
  METRICS_TOKEN: "a-metrics-token",
};
const devKey = "0".repeat(64);

describe("production configuration", () => {
  it("starts with settings of its own", () => {
    expect(loadConfig(good).NODE_ENV).toBe("production");
  });

  it.each([
    ["the default META_VERIFY_TOKEN", { META_VERIFY_TOKEN: "parley-verify-token" }, "META_VERIFY_TOKEN"],
    ["no META_VERIFY_TOKEN (the default)", { META_VERIFY_TOKEN: undefined }, "META_VERIFY_TOKEN"],
    ["META_GRAPH_URL on 127.0.0.1", { META_GRAPH_URL: "http://127.0.0.1:4100/v21.0" }, "META_GRAPH_URL"],
    ["META_GRAPH_URL on localhost", { META_GRAPH_URL: "http://localhost:4100/v21.0" }, "META_GRAPH_URL"],
    ["META_GRAPH_URL on [::1]", { META_GRAPH_URL: "http://[::1]:4100/v21.0" }, "META_GRAPH_URL"],
    ["no META_GRAPH_URL (the simulator)", { META_GRAPH_URL: undefined }, "META_GRAPH_URL"],
    ["no PUBLIC_URL", { PUBLIC_URL: undefined }, "PUBLIC_URL"],
    ["no METRICS_TOKEN", { METRICS_TOKEN: undefined }, "METRICS_TOKEN"],
    ["the development key", { TOKEN_ENCRYPTION_KEY: devKey }, "TOKEN_ENCRYPTION_KEY"],
    ["the development key in id:hex form", { TOKEN_ENCRYPTION_KEY: `main:${devKey}` }, "TOKEN_ENCRYPTION_KEY"],
    [
      "the development key among rotated keys",
      { TOKEN_ENCRYPTION_KEY: `new:${"cd".repeat(32)},old:${devKey}` },
      "TOKEN_ENCRYPTION_KEY",
    ],
  ])("refuses %s", (_what, change, variable) => {
    expect(() => loadConfig({ ...good, ...change })).toThrow(variable);
  });
});
