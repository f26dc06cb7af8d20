import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appSecretProof, type Simulator, startSimulator } from "./index";

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ appId: "1234567890", appSecret: "s3cret" });
});
afterEach(() => sim.close());

const get = async (url: string, token?: string) => {
  const res = await fetch(url, { redirect: "manual", headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return {
    status: res.status,
    headers: res.headers,
    body: res.status >= 300 && res.status < 400 ? undefined : await res.json(),
  };
};

describe("OAuth and Pages", () => {
  it("dialog → code → short token → long-lived → /me/accounts with the Instagram account", async () => {
    const owner = sim.createFacebookUser({ name: "Ana Owner" });
    const page = sim.createPage({
      name: "Café Ana",
      ownerUserId: owner.id,
      instagram: { username: "cafe.ana", name: "Café Ana" },
    });
    sim.createPage({ name: "Someone else's", ownerUserId: sim.createFacebookUser({}).id });
    const redirectUri = "http://127.0.0.1:3000/api/platforms/meta/callback";
    const dialog = new URL(`${sim.graphUrl}/dialog/oauth`);
    Object.entries({
      client_id: "1234567890",
      redirect_uri: redirectUri,
      state: "st4te",
      scope: "pages_show_list,pages_messaging",
      sim_user: owner.id,
    }).forEach(([k, v]) => {
      dialog.searchParams.set(k, v);
    });
    const d = await get(dialog.toString());
    expect(d.status).toBe(302);
    const back = new URL(d.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe("st4te");
    const code = back.searchParams.get("code")!;

    const wrongRedirect = await get(
      `${sim.graphUrl}/oauth/access_token?client_id=1234567890&client_secret=s3cret&redirect_uri=http://evil/&code=${code}`,
    );
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.body.error).toMatchObject({ type: "OAuthException", code: 100 });

    const short = await get(
      `${sim.graphUrl}/oauth/access_token?client_id=1234567890&client_secret=s3cret&redirect_uri=${encodeURIComponent(redirectUri)}&code=${code}`,
    );
    expect(short.status).toBe(200);
    expect(short.body).toMatchObject({ token_type: "bearer" });
    expect(short.body.expires_in).toBeLessThanOrEqual(7200);
    const reused = await get(
      `${sim.graphUrl}/oauth/access_token?client_id=1234567890&client_secret=s3cret&redirect_uri=${encodeURIComponent(redirectUri)}&code=${code}`,
    );
    expect(reused.status).toBe(400);

    const badSecret = await get(
      `${sim.graphUrl}/oauth/access_token?grant_type=fb_exchange_token&client_id=1234567890&client_secret=nope&fb_exchange_token=${short.body.access_token}`,
    );
    expect(badSecret.body.error.message).toBe("Error validating client secret.");
    const long = await get(
      `${sim.graphUrl}/oauth/access_token?grant_type=fb_exchange_token&client_id=1234567890&client_secret=s3cret&fb_exchange_token=${short.body.access_token}`,
    );
    expect(long.body.expires_in).toBeGreaterThan(50 * 86400);
    const token = long.body.access_token;

    const me = await get(`${sim.graphUrl}/me?fields=id,name&appsecret_proof=${appSecretProof(token, "s3cret")}`, token);
    expect(me.body).toEqual({ id: owner.id, name: "Ana Owner" });
    const badProof = await get(`${sim.graphUrl}/me?appsecret_proof=deadbeef`, token);
    expect(badProof.status).toBe(400);

    const accounts = await get(
      `${sim.graphUrl}/me/accounts?fields=id,name,access_token,instagram_business_account{id,username,name,profile_picture_url}`,
      token,
    );
    expect(accounts.body.data).toEqual([
      {
        id: page.id,
        name: "Café Ana",
        access_token: page.accessToken,
        instagram_business_account: {
          id: page.instagram!.id,
          username: "cafe.ana",
          name: "Café Ana",
          profile_picture_url: expect.stringMatching(/^http/),
        },
      },
    ]);

    const sub = await fetch(`${sim.graphUrl}/${page.id}/subscribed_apps?subscribed_fields=messages,message_echoes`, {
      method: "POST",
      headers: { Authorization: `Bearer ${page.accessToken}` },
    });
    expect(await sub.json()).toEqual({ success: true });
    expect(sim.subscribedFields(page.id)).toEqual(["messages", "message_echoes"]);
    const listed = await get(`${sim.graphUrl}/${page.id}/subscribed_apps`, page.accessToken);
    expect(listed.body.data[0].subscribed_fields).toEqual(["messages", "message_echoes"]);

    const dbg = await get(`${sim.graphUrl}/debug_token?input_token=${page.accessToken}&access_token=1234567890|s3cret`);
    expect(dbg.body.data).toMatchObject({ is_valid: true, type: "PAGE", app_id: "1234567890" });
  });

  it("a declined dialog redirects back with Meta's error parameters", async () => {
    const d = await get(
      `${sim.graphUrl}/dialog/oauth?client_id=1234567890&redirect_uri=${encodeURIComponent("http://x.test/cb")}&state=abc&sim_decline=1`,
    );
    const back = new URL(d.headers.get("location")!);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({
      error: "access_denied",
      error_reason: "user_denied",
      state: "abc",
    });
    expect(back.searchParams.get("code")).toBeNull();
  });

  it("a killed token answers 190 with the subcode, and nothing else works with it", async () => {
    const page = sim.createPage({ name: "P" });
    sim.invalidateToken(page.accessToken, 460);
    const r = await get(`${sim.graphUrl}/${page.id}/conversations`, page.accessToken);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 190,
      error_subcode: 460,
      type: "OAuthException",
      fbtrace_id: expect.any(String),
    });
  });
});

describe("the login dialog's permissions", () => {
  const redirectUri = "http://127.0.0.1:3000/api/platforms/meta/callback";
  /** Runs the dialog and the code exchange; answers what GET /me/permissions then says. */
  async function login(params: Record<string, string>) {
    const dialog = new URL(`${sim.graphUrl}/dialog/oauth`);
    for (const [k, v] of Object.entries({ client_id: "1234567890", redirect_uri: redirectUri, ...params }))
      dialog.searchParams.set(k, v);
    const d = await fetch(dialog.toString(), { redirect: "manual" });
    if (d.status !== 302) return { status: d.status, page: await d.text() };
    const code = new URL(d.headers.get("location")!).searchParams.get("code")!;
    const token = await get(
      `${sim.graphUrl}/oauth/access_token?client_id=1234567890&client_secret=s3cret&redirect_uri=${encodeURIComponent(redirectUri)}&code=${code}`,
    );
    const perms = await get(`${sim.graphUrl}/me/permissions`, token.body.access_token);
    return {
      status: 302,
      statuses: Object.fromEntries(
        (perms.body.data as { permission: string; status: string }[]).map((p) => [p.permission, p.status]),
      ),
    };
  }

  it("an unticked permission is declined, stays declined in the next dialog, and comes back only when re-asked", async () => {
    const user = sim.createFacebookUser({});
    const scope = "pages_show_list,pages_messaging";
    sim.declinePermissions(["pages_messaging"]);
    expect((await login({ scope, sim_user: user.id })).statuses).toEqual({
      public_profile: "granted",
      pages_show_list: "granted",
      pages_messaging: "declined",
    });
    sim.declinePermissions([]);
    // Meta does not ask again for what the person declined: only auth_type=rerequest does.
    expect((await login({ scope, sim_user: user.id })).statuses).toMatchObject({ pages_messaging: "declined" });
    expect((await login({ scope, sim_user: user.id, auth_type: "rerequest" })).statuses).toMatchObject({
      pages_messaging: "granted",
    });
    // Ticked off in the dialog itself (the simulator's stand-in for the person's checkbox).
    expect(
      (await login({ scope, sim_user: user.id, sim_decline_permissions: "pages_show_list" })).statuses,
    ).toMatchObject({ pages_show_list: "declined", pages_messaging: "granted" });
  });

  it("Facebook Login for Business: config_id decides the permissions, all granted; an unknown one is refused", async () => {
    const user = sim.createFacebookUser({});
    const configId = sim.createLoginConfig(["pages_show_list", "pages_messaging", "instagram_manage_messages"]);
    sim.declinePermissions(["pages_messaging"]);
    expect((await login({ config_id: configId, sim_user: user.id })).statuses).toEqual({
      public_profile: "granted",
      pages_show_list: "granted",
      pages_messaging: "granted",
      instagram_manage_messages: "granted",
    });
    expect(await login({ config_id: "999", sim_user: user.id })).toMatchObject({
      status: 400,
      page: expect.stringContaining("config_id"),
    });
  });
});
