import { META_SCOPES } from "@parley/core/platforms/messenger/connect";
import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, redisReady, startTestApp } from "../../../test/harness";
import { startSimWithConfig } from "../../../test/platforms";

let sim: Simulator;
let t: ReturnType<typeof startTestApp>;
let business: ReturnType<typeof startTestApp>;
let configId: string;

beforeAll(async () => {
  const s = await startSimWithConfig();
  sim = s.sim;
  t = startTestApp({ config: s.config });
  configId = sim.createLoginConfig(META_SCOPES);
  business = startTestApp({ config: { ...s.config, META_LOGIN_CONFIG_ID: configId } });
  await redisReady(t.deps.redis);
});
afterAll(async () => {
  await t?.close();
  await business?.close();
  await sim?.close();
});

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Start (optionally re-asking) → the dialog Parley opens → the simulator's answer → Parley's callback → where it sends the person. */
async function connect(app: typeof t, auth: Record<string, string>, body: object = {}) {
  const start = await app.http().post("/api/platforms/meta/connect/start").set(auth).send(body);
  expect(start.status).toBe(200);
  const toDialog = await app.http().get(pathOf(start.body.url));
  expect(toDialog.status).toBe(302);
  const dialog = new URL(toDialog.headers.location);
  const answer = await fetch(dialog, { redirect: "manual" });
  expect(answer.status).toBe(302);
  const back = await app.http().get(pathOf(answer.headers.get("location")!));
  expect(back.status).toBe(302);
  return { dialog: dialog.searchParams, done: new URL(back.headers.location, "http://parley.test").searchParams };
}

describe("the permissions the person grants in Facebook's dialog", () => {
  it("a declined permission is named, nothing is connected, and asking again (auth_type=rerequest) gets it", async () => {
    const ws = await createTestWorkspace(t.deps);
    sim.createFacebookUser({ name: "Unticks things" });
    sim.createPage({ name: "Declined Bakery", instagram: false });
    sim.declinePermissions(["pages_messaging", "instagram_manage_messages"]);

    const first = await connect(t, ws.auth);
    expect(first.dialog.get("auth_type")).toBeNull();
    expect(first.done.get("connect")).toBeNull();
    expect(first.done.get("connect_declined")?.split(",")).toEqual(["pages_messaging", "instagram_manage_messages"]);

    // The person would now tick them, but Facebook does not show a declined permission again by itself.
    sim.declinePermissions([]);
    const again = await connect(t, ws.auth);
    expect(again.done.get("connect_declined")?.split(",")).toEqual(["pages_messaging", "instagram_manage_messages"]);

    const reasked = await connect(t, ws.auth, { rerequest: true });
    expect(reasked.dialog.get("auth_type")).toBe("rerequest");
    expect(reasked.done.get("connect_declined")).toBeNull();
    expect(reasked.done.get("connect")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a start body it does not know", async () => {
    const ws = await createTestWorkspace(t.deps);
    const res = await t.http().post("/api/platforms/meta/connect/start").set(ws.auth).send({ rerequest: "yes" });
    expect(res.status).toBe(400);
  });

  it("Facebook Login for Business: META_LOGIN_CONFIG_ID sends config_id instead of scope", async () => {
    const ws = await createTestWorkspace(business.deps);
    sim.createFacebookUser({ name: "Business admin" });
    sim.createPage({ name: "Business Page", instagram: false });
    const { dialog, done } = await connect(business, ws.auth);
    expect(dialog.get("config_id")).toBe(configId);
    expect(dialog.get("scope")).toBeNull();
    expect(dialog.get("response_type")).toBe("code");
    expect(dialog.get("override_default_response_type")).toBe("true");
    expect(done.get("connect")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
