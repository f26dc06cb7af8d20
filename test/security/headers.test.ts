import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startTestApp } from "../../server/test/harness";

/** Issue #14 item 8: every response, the dashboard's included, carries the browser protections. */
const t = startTestApp();
afterAll(() => t.close());

describe("security headers", () => {
  it.each([
    ["the dashboard", "/"],
    ["a dashboard route", "/inbox"],
    ["a dashboard asset", "/assets/missing.js"],
    ["the API", "/api/auth/me"],
    ["an unknown API path", "/api/nothing-here"],
    ["media", `/api/messages/${randomUUID()}/media/0`],
    ["the webhook verify handshake", "/api/webhooks/messenger?hub.mode=subscribe&hub.verify_token=wrong"],
  ])("on %s (%s)", async (_what, path) => {
    const res = await t.http().get(path);
    const csp = res.headers["content-security-policy"] ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(csp).toMatch(/media-src 'self' data: blob:/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });
});
