import { randomInt, randomUUID } from "node:crypto";
import { config } from "@parley/core/config";
import supertest from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasNginx, type Nginx, startNginx } from "../support/nginx";
import { freePort, type Service, spawnService, waitForHttp } from "../support/processes";

/**
 * Issue #14 items 2 and 4, through the real edge: the project's nginx template in front of two API
 * instances configured as the production compose configures them (TRUST_PROXY=1, no METRICS_TOKEN here).
 */
const apis: Service[] = [];
const ports: number[] = [];
let nginx: Nginx | undefined;

beforeAll(async () => {
  if (!hasNginx) return;
  const env = { DATABASE_URL: process.env.DATABASE_URL, REDIS_PREFIX: config().REDIS_PREFIX, TRUST_PROXY: "1" };
  for (let i = 0; i < 2; i++) {
    ports.push(await freePort());
    apis.push(spawnService("server/src/main.ts", { ...env, PORT: String(ports[i]) }));
  }
  await Promise.all(ports.map((p) => waitForHttp(`http://127.0.0.1:${p}/readyz`, 60_000)));
  nginx = await startNginx([ports[0], ports[1]]);
}, 120_000);

afterAll(async () => {
  nginx?.stop();
  await Promise.all(apis.map((s) => s.stop()));
});

const edge = () => supertest(`https://127.0.0.1:${nginx?.https}`);
const publicAddress = () => `${randomInt(1, 223)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe.skipIf(!hasNginx)("behind nginx", () => {
  it("keys per-IP limits on the real peer: a new X-Forwarded-For per request resets nothing", async () => {
    // Failed logins are limited to 10 a minute per IP; each guess here names another account and claims
    // another client address, as a password sprayer would.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await edge()
        .post("/api/auth/login")
        .disableTLSCerts()
        .set("X-Forwarded-For", publicAddress())
        .send({ email: `spray-${randomUUID().slice(0, 8)}@test.parley`, password: "wrong password 123" });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("refuses /metrics in every spelling Express would route there", async () => {
    for (const path of ["/metrics", "/metrics/", "/METRICS", "/Metrics/", "/metrics?x=1"]) {
      const res = await edge().get(path).disableTLSCerts().set("X-Forwarded-For", publicAddress());
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it("does not exempt private addresses from the metrics token when a proxy is trusted", async () => {
    // Behind nginx every socket address is nginx's private one, so the address says nothing.
    for (const path of ["/metrics", "/metrics/"]) {
      const res = await supertest(`http://127.0.0.1:${ports[0]}`).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });
});
