import { config as processConfig } from "@parley/core/config";
import type { Simulator } from "@parley/simulator";
import type { Response } from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, redisReady, startTestApp } from "../../../test/harness";
import { captureEvents, expectNoToken, startSimWithConfig } from "../../../test/platforms";

let sim: Simulator;
let t: ReturnType<typeof startTestApp>;
let events: Awaited<ReturnType<typeof captureEvents>>;
const seen: Response[] = [];

/** Every response of this file is kept and scanned for Meta tokens at the end. */
const keep = (r: Response) => {
  seen.push(r);
  return r;
};

beforeAll(async () => {
  const s = await startSimWithConfig();
  sim = s.sim;
  t = startTestApp({ config: s.config });
  await redisReady(t.deps.redis);
  events = await captureEvents(processConfig().REDIS_PREFIX);
});
afterAll(async () => {
  events?.close();
  await t?.close();
  await sim?.close();
});

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Start → ticket URL → dialog redirect (state) → the simulator's dialog → callback URL. */
async function throughDialog(auth: Record<string, string>) {
  const start = keep(await t.http().post("/api/platforms/meta/connect/start").set(auth));
  expect(start.status).toBe(200);
  const toDialog = keep(await t.http().get(pathOf(start.body.url)));
  expect(toDialog.status).toBe(302);
  const dialogUrl = new URL(toDialog.headers.location);
  expect(dialogUrl.href.startsWith(`${sim.graphUrl}/dialog/oauth`)).toBe(true);
  expect(dialogUrl.searchParams.get("scope")).toContain("pages_messaging");
  expect(dialogUrl.searchParams.get("redirect_uri")).toBe("http://parley.test/api/platforms/meta/callback");
  const dialog = await fetch(dialogUrl, { redirect: "manual" });
  expect(dialog.status).toBe(302);
  const callback = new URL(dialog.headers.get("location")!);
  return {
    callbackPath: callback.pathname + callback.search,
    state: dialogUrl.searchParams.get("state")!,
  };
}

async function oauthRoundTrip(auth: Record<string, string>) {
  const { callbackPath } = await throughDialog(auth);
  const back = keep(await t.http().get(callbackPath));
  expect(back.status).toBe(302);
  const done = new URL(back.headers.location, "http://parley.test");
  expect(done.pathname).toBe("/settings/channels");
  expect(done.searchParams.get("connect_error")).toBeNull();
  return done.searchParams.get("connect")!;
}

describe("connecting Facebook Pages and Instagram through Meta OAuth", () => {
  it("goes from the dialog to connected accounts that are subscribed, backfilled and scheduled", async () => {
    const ws = await createTestWorkspace(t.deps);
    sim.createFacebookUser({ name: "Owner One" });
    const page = sim.createPage({ name: "Corner Bakery", instagram: { username: "cornerbakery" } });
    const other = sim.createPage({ name: "Second Page", instagram: false });

    const sessionId = await oauthRoundTrip(ws.auth);
    const choices = keep(await t.http().get(`/api/platforms/meta/choices/${sessionId}`).set(ws.auth));
    expect(choices.status).toBe(200);
    expect(choices.body.pages).toEqual(
      expect.arrayContaining([
        {
          id: page.id,
          name: "Corner Bakery",
          alreadyConnected: false,
          instagram: { id: page.instagram!.id, username: "cornerbakery", name: "Corner Bakery" },
        },
        { id: other.id, name: "Second Page", alreadyConnected: false, instagram: null },
      ]),
    );

    const connected = keep(
      await t
        .http()
        .post("/api/platforms/meta/connect")
        .set(ws.auth)
        .send({ sessionId, pageIds: [page.id], instagramIds: [page.instagram!.id] }),
    );
    expect(connected.status).toBe(200);
    expect(connected.body.accounts.map((a: { platform: string }) => a.platform).sort()).toEqual([
      "INSTAGRAM",
      "MESSENGER",
    ]);
    expect(sim.subscribedFields(page.id)).toEqual(
      expect.arrayContaining(["messages", "message_echoes", "message_reads"]),
    );
    expect(sim.subscribedFields(other.id)).toBeUndefined();

    const list = keep(await t.http().get("/api/platforms").set(ws.auth));
    expect(list.body).toHaveLength(2);
    for (const a of list.body) {
      expect(a).toMatchObject({
        status: "ACTIVE",
        counts: { conversations: 0, messages: 0 },
        lastRun: { kind: "backfill", status: "RUNNING" },
      });
    }
    const ig = list.body.find((a: { platform: string }) => a.platform === "INSTAGRAM");
    const stored = await t.deps.db.platformAccount.findUniqueOrThrow({ where: { id: ig.id } });
    expect(stored.parentId).toBe(page.id);
    expect(stored.accessTokenEnc).not.toContain(page.accessToken);

    // Backfill jobs are queued and each account has its periodic sync.
    const schedulers = await t.deps.queues["sync-account"].getJobSchedulers();
    expect(schedulers.map((s) => s.key ?? s.id).sort()).toEqual(
      list.body.map((a: { id: string }) => `sync:${a.id}`).sort(),
    );
    expect(await t.deps.queues["sync-account"].count()).toBeGreaterThanOrEqual(2);

    const updates = events.events.filter(
      (e) => e.workspaceId === ws.workspace.id && e.event.type === "platform.updated",
    );
    expect(updates.length).toBeGreaterThanOrEqual(2);

    // Choices now say what is connected, and the same Page cannot go to another workspace.
    const again = keep(await t.http().get(`/api/platforms/meta/choices/${sessionId}`).set(ws.auth));
    expect(again.body.pages.find((p: { id: string }) => p.id === page.id).alreadyConnected).toBe(true);
    const ws2 = await createTestWorkspace(t.deps);
    const session2 = await oauthRoundTrip(ws2.auth);
    const taken = keep(
      await t
        .http()
        .post("/api/platforms/meta/connect")
        .set(ws2.auth)
        .send({ sessionId: session2, pageIds: [page.id], instagramIds: [] }),
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("account_taken");
    expect(taken.body.error.message).toContain("Corner Bakery");
    // Another workspace cannot read the first one's connect session either.
    expect(keep(await t.http().get(`/api/platforms/meta/choices/${sessionId}`).set(ws2.auth)).status).toBe(404);

    // Disconnecting keeps the rows, stops the schedule and unsubscribes once nothing needs the Page.
    const messenger = list.body.find((a: { platform: string }) => a.platform === "MESSENGER");
    expect(keep(await t.http().delete(`/api/platforms/${messenger.id}`).set(ws.auth)).status).toBe(204);
    expect(sim.subscribedFields(page.id)).toBeDefined(); // Instagram still rides on the Page
    expect(keep(await t.http().delete(`/api/platforms/${ig.id}`).set(ws.auth)).status).toBe(204);
    expect(sim.subscribedFields(page.id)).toBeUndefined();
    const after = keep(await t.http().get("/api/platforms").set(ws.auth));
    expect(after.body.map((a: { status: string }) => a.status)).toEqual(["DISCONNECTED", "DISCONNECTED"]);
    expect(await t.deps.queues["sync-account"].getJobSchedulers()).toHaveLength(0);
    // Another workspace sees nothing of it.
    expect(keep(await t.http().delete(`/api/platforms/${ig.id}`).set(ws2.auth)).status).toBe(404);
    expect(keep(await t.http().post(`/api/platforms/${ig.id}/sync`).set(ws2.auth)).status).toBe(404);
  });

  it("refuses a mismatched or replayed state before exchanging any code", async () => {
    const ws = await createTestWorkspace(t.deps);
    sim.createFacebookUser({});
    sim.createPage({ name: "State Page" });
    const exchanges = () => sim.calls.filter((c) => c.path.endsWith("/oauth/access_token")).length;

    // A forged state.
    const forged = await throughDialog(ws.auth);
    const before = exchanges();
    const bad = keep(await t.http().get(forged.callbackPath.replace(encodeURIComponent(forged.state), "forged-state")));
    expect(bad.status).toBe(302);
    expect(new URL(bad.headers.location, "http://x").searchParams.get("connect_error")).toMatch(/expired|start again/);
    expect(exchanges()).toBe(before);

    // A replay of a callback that already succeeded.
    const ok = await throughDialog(ws.auth);
    const first = keep(await t.http().get(ok.callbackPath));
    expect(new URL(first.headers.location, "http://x").searchParams.get("connect")).toBeTruthy();
    const replay = keep(await t.http().get(ok.callbackPath));
    expect(new URL(replay.headers.location, "http://x").searchParams.get("connect_error")).toBeTruthy();

    // A ticket is single-use, and a declined dialog says so.
    const start = keep(await t.http().post("/api/platforms/meta/connect/start").set(ws.auth));
    keep(await t.http().get(pathOf(start.body.url)));
    const reused = keep(await t.http().get(pathOf(start.body.url)));
    expect(new URL(reused.headers.location, "http://x").searchParams.get("connect_error")).toMatch(/already used/);
    const declined = keep(
      await t.http().get("/api/platforms/meta/callback?error=access_denied&error_reason=user_denied&state=x"),
    );
    expect(new URL(declined.headers.location, "http://x").searchParams.get("connect_error")).toMatch(/declined/);
    // Agents cannot connect channels.
    const agent = await createTestWorkspace(t.deps, { role: "AGENT" });
    expect(keep(await t.http().post("/api/platforms/meta/connect/start").set(agent.auth)).status).toBe(403);
  });
});

describe("connecting WhatsApp with a token", () => {
  it("checks the token, number and WABA against Graph and says precisely what is wrong", async () => {
    const ws = await createTestWorkspace(t.deps);
    const wa = sim.createWhatsAppNumber({ verifiedName: "Green Grocer" });
    const other = sim.createWhatsAppNumber({});
    const post = (body: object) => t.http().post("/api/platforms/whatsapp/connect").set(ws.auth).send(body);

    const badToken = keep(
      await post({
        phoneNumberId: wa.phoneNumberId,
        wabaId: wa.wabaId,
        accessToken: "EAAGnot-a-real-token-at-all-123",
      }),
    );
    expect(badToken.status).toBe(400);
    expect(Object.keys(badToken.body.error.fields)).toEqual(["accessToken"]);
    expect(badToken.body.error.message).toMatch(/invalid or has expired/);

    const badNumber = keep(await post({ phoneNumberId: "100000000000001", wabaId: wa.wabaId, accessToken: wa.token }));
    expect(badNumber.status).toBe(400);
    expect(Object.keys(badNumber.body.error.fields)).toEqual(["phoneNumberId"]);

    const wrongWaba = keep(
      await post({ phoneNumberId: wa.phoneNumberId, wabaId: other.wabaId, accessToken: wa.token }),
    );
    expect(wrongWaba.status).toBe(400);
    expect(Object.keys(wrongWaba.body.error.fields)).toEqual(["wabaId"]);

    const malformed = keep(await post({ phoneNumberId: "abc", wabaId: wa.wabaId, accessToken: wa.token, extra: 1 }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields).toMatchObject({
      phoneNumberId: expect.any(String),
      extra: "is not an allowed field",
    });

    const ok = keep(await post({ phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ platform: "WHATSAPP", externalId: wa.phoneNumberId, status: "ACTIVE" });
    expect(ok.body.name).toContain("Green Grocer");
    expect(sim.subscribedFields(wa.wabaId)).toEqual(["messages"]);

    const templates = keep(await t.http().get(`/api/platforms/${ok.body.id}/templates`).set(ws.auth));
    expect(templates.status).toBe(200);
    expect(templates.body.map((x: { name: string }) => x.name).sort()).toEqual([
      "follow_up",
      "hello_world",
      "order_update",
      "spring_promo",
    ]);
    expect(templates.body.find((x: { name: string }) => x.name === "spring_promo").status).toBe("PENDING");

    const sync = keep(await t.http().post(`/api/platforms/${ok.body.id}/sync`).set(ws.auth));
    expect(sync.status).toBe(202);
    const again = keep(await t.http().post(`/api/platforms/${ok.body.id}/sync`).set(ws.auth));
    expect(again.body.runId).toBe(sync.body.runId); // a second click joins the run in progress
  });
});

describe("tokens", () => {
  it("never appear in any response body or header of this file", () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const r of seen)
      expectNoToken(sim, `${r.text ?? ""} ${JSON.stringify(r.body ?? {})} ${JSON.stringify(r.headers)}`);
  });
});
