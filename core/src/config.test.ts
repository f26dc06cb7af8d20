import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const secrets = {
  JWT_SECRET: "a-real-secret-of-thirty-two-chars!!",
  TOKEN_ENCRYPTION_KEY: "ab".repeat(32),
  META_APP_SECRET: "real-app-secret",
};
// The rest of a production setup (test/security/production-config.test.ts refuses each one missing).
const production = {
  META_VERIFY_TOKEN: "a-verify-token-of-our-own",
  META_GRAPH_URL: "https://graph.facebook.com/v21.0",
  PUBLIC_URL: "https://inbox.example.com",
  METRICS_TOKEN: "a-metrics-token",
};

describe("config", () => {
  it("has defaults that work on this machine", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/parley");
    expect(c.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(c.demo).toBe(true);
  });

  it("derives its URLs from PORT and SIMULATOR_PORT, so a second install runs beside the first", () => {
    const c = loadConfig({ PORT: "3917", SIMULATOR_PORT: "4917" });
    expect(c.PUBLIC_URL).toBe("http://localhost:3917");
    expect(c.META_GRAPH_URL).toBe("http://127.0.0.1:4917/v21.0");
    expect(c.META_OAUTH_URL).toBe("http://127.0.0.1:4917/v21.0");
    expect(loadConfig({ PORT: "3917", PUBLIC_URL: "https://inbox.example.com" }).PUBLIC_URL).toBe(
      "https://inbox.example.com",
    );
  });

  it("sends the login dialog to www.facebook.com when the Graph API is Meta's, and to the simulator otherwise", () => {
    expect(loadConfig({ META_GRAPH_URL: "https://graph.facebook.com/v21.0" }).META_OAUTH_URL).toBe(
      "https://www.facebook.com/v21.0",
    );
    expect(loadConfig({ META_GRAPH_URL: "https://graph.facebook.com/v25.0/" }).META_OAUTH_URL).toBe(
      "https://www.facebook.com/v25.0",
    );
    expect(loadConfig({ META_GRAPH_URL: "https://graph.facebook.com" }).META_OAUTH_URL).toBe(
      "https://www.facebook.com",
    );
    expect(loadConfig({ META_GRAPH_URL: "http://127.0.0.1:4100/v21.0" }).META_OAUTH_URL).toBe(
      "http://127.0.0.1:4100/v21.0",
    );
    // A look-alike host is not Meta's.
    expect(loadConfig({ META_GRAPH_URL: "https://graph.facebook.com.example.net/v21.0" }).META_OAUTH_URL).toBe(
      "https://graph.facebook.com.example.net/v21.0",
    );
    // Set explicitly, it wins.
    const explicit = {
      META_GRAPH_URL: "https://graph.facebook.com/v21.0",
      META_OAUTH_URL: "https://m.facebook.com/v21.0",
    };
    expect(loadConfig(explicit).META_OAUTH_URL).toBe("https://m.facebook.com/v21.0");
    expect(loadConfig({}).META_LOGIN_CONFIG_ID).toBeUndefined();
    expect(loadConfig({ META_LOGIN_CONFIG_ID: "1234567890" }).META_LOGIN_CONFIG_ID).toBe("1234567890");
  });

  it.each(Object.keys(secrets))("refuses production without %s", (name) => {
    const env = { NODE_ENV: "production", ...production, ...secrets, [name]: "" };
    expect(() => loadConfig(env)).toThrow(name);
  });

  it("refuses production with a dev default secret", () => {
    expect(() =>
      loadConfig({ NODE_ENV: "production", ...production, ...secrets, JWT_SECRET: "dev-jwt-secret-change-me" }),
    ).toThrow("JWT_SECRET");
  });

  it("accepts production with real secrets and turns the demo off", () => {
    const c = loadConfig({ NODE_ENV: "production", ...production, ...secrets });
    expect(c.demo).toBe(false);
  });

  it("takes TRUST_PROXY as off, a hop count or subnets, and refuses `true` (it would believe any client's header)", () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, loopback" }).TRUST_PROXY).toEqual(["10.0.0.0/8", "loopback"]);
    for (const bad of ["true", "10.0.0.0/33", "nginx"])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });

  it("names the field of a malformed value", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ TOKEN_ENCRYPTION_KEY: "short" })).toThrow(/TOKEN_ENCRYPTION_KEY/);
  });

  it("a production process without secrets exits non-zero naming the variable", () => {
    const r = spawnSync("npx", ["tsx", "server/src/main.ts"], {
      env: { ...process.env, NODE_ENV: "production", JWT_SECRET: "", TOKEN_ENCRYPTION_KEY: "", META_APP_SECRET: "" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/JWT_SECRET/);
  });
});
