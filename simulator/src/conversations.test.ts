import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "./index";

let sim: Simulator;
let page: ReturnType<Simulator["createPage"]>;
beforeAll(async () => {
  sim = await startSimulator({});
  page = sim.createPage({ name: "Big Shop", instagram: { username: "big.shop" } });
  sim.subscribeApp(page.id);
});
afterAll(() => sim.close());

const get = async (url: string) => {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${page.accessToken}` } });
  const body = await res.json();
  if (!res.ok) throw new Error(JSON.stringify(body));
  return body;
};

describe("conversations API", () => {
  it("pages 2,000 conversations × 50 messages newest first, each exactly once, with nested messages.limit(N)", async () => {
    expect(
      sim.seedHistory({ platform: "messenger", accountId: page.id, conversations: 2000, messagesPerConversation: 50 }),
    ).toEqual({ conversations: 2000, messages: 100_000 });
    const seen = new Set<string>();
    let last = Number.POSITIVE_INFINITY;
    let url: string | undefined =
      `${sim.graphUrl}/${page.id}/conversations?platform=messenger&limit=100&fields=id,updated_time,participants,messages.limit(20){id,created_time,from,to,message,attachments}`;
    let pages = 0;
    let nestedChecked = false;
    while (url) {
      const body = await get(url);
      pages++;
      for (const c of body.data) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
        const t = Date.parse(c.updated_time.replace("+0000", "Z"));
        expect(t).toBeLessThanOrEqual(last);
        last = t;
        expect(c.messages.data).toHaveLength(20);
        expect(c.participants.data).toHaveLength(2);
        if (!nestedChecked) {
          // Follow the nested cursor: the remaining 30 messages, newest first, no overlap.
          const ids = new Set<string>(c.messages.data.map((m: { id: string }) => m.id));
          let next: string | undefined = c.messages.paging.next;
          while (next) {
            const p = await get(next);
            for (const m of p.data) {
              expect(ids.has(m.id)).toBe(false);
              ids.add(m.id);
            }
            next = p.paging.next;
          }
          expect(ids.size).toBe(50);
          nestedChecked = true;
        }
      }
      url = body.paging.next;
    }
    expect(seen.size).toBe(2000);
    expect(pages).toBe(20);
  });

  it("reads a message by id and a conversation's messages, and merges live messages into a seeded thread", async () => {
    const ig = page.instagram!;
    sim.seedHistory({ platform: "instagram", accountId: ig.id, conversations: 5, messagesPerConversation: 3 });
    const first = await get(
      `${sim.graphUrl}/${page.id}/conversations?platform=instagram&fields=id,participants&limit=1`,
    );
    const conv = first.data[0];
    const customerId = conv.participants.data[0].id;
    const msgs = await get(`${sim.graphUrl}/${conv.id}/messages?fields=id,created_time,from,message&limit=2`);
    expect(msgs.data).toHaveLength(2);
    expect(msgs.data[0].from).toMatchObject({ id: customerId, username: expect.any(String) });
    const one = await get(`${sim.graphUrl}/${msgs.data[1].id}?fields=id,created_time,from,to,message`);
    expect(one).toMatchObject({ id: msgs.data[1].id, message: msgs.data[1].message, from: msgs.data[1].from });

    // The seeded customer writes again: the thread moves to the top, listed once, with 4 messages.
    const r = await sim.customerSends({ platform: "instagram", accountId: ig.id, customerId, text: "still there?" });
    const all = await get(`${sim.graphUrl}/${ig.id}/conversations?fields=id,messages.limit(10){id,message}&limit=50`);
    expect(all.data.filter((c: { id: string }) => c.id === conv.id)).toHaveLength(1);
    expect(all.data).toHaveLength(5);
    expect(all.data[0].id).toBe(conv.id);
    expect(all.data[0].messages.data[0]).toEqual({ id: r.externalId, message: "still there?" });
    expect(all.data[0].messages.data).toHaveLength(4);

    const profile = await get(`${sim.graphUrl}/${customerId}?fields=name,username,profile_pic`);
    expect(profile).toMatchObject({
      id: customerId,
      name: expect.any(String),
      username: expect.any(String),
      profile_pic: expect.stringMatching(/^http/),
    });
  });

  it("finds a user's thread with user_id, and refuses a garbage cursor", async () => {
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id, name: "Léa" });
    await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id, text: "bonjour" });
    const found = await get(
      `${sim.graphUrl}/${page.id}/conversations?platform=messenger&user_id=${c.id}&fields=id,participants`,
    );
    expect(found.data).toHaveLength(1);
    expect(found.data[0].participants.data[0]).toMatchObject({ id: c.id, name: "Léa" });
    const res = await fetch(`${sim.graphUrl}/${page.id}/conversations?after=%%%`, {
      headers: { Authorization: `Bearer ${page.accessToken}` },
    });
    expect(res.status).toBe(400);
  });

  it("details only the 20 newest messages of an Instagram thread by default; reading older ones is Meta's #100", async () => {
    const ig = page.instagram!.id;
    // A thread newer than every other one, with 30 messages.
    sim.seedHistory({
      platform: "instagram",
      accountId: ig,
      conversations: 1,
      messagesPerConversation: 30,
      to: new Date(),
    });
    const list = (n: number, fields = "id,message") =>
      fetch(
        `${sim.graphUrl}/${page.id}/conversations?platform=instagram&fields=id,messages.limit(${n}){${fields}}&limit=1`,
        { headers: { Authorization: `Bearer ${page.accessToken}` } },
      );
    const newest = await (await list(20)).json();
    expect(newest.data[0].messages.data).toHaveLength(20);
    expect(newest.data[0].messages.paging.next).toBeDefined();
    const beyond = await (
      await fetch(newest.data[0].messages.paging.next, { headers: { Authorization: `Bearer ${page.accessToken}` } })
    ).json();
    expect(beyond.error).toMatchObject({ code: 100, type: "OAuthException" });
    const tooMany = await list(21);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.code).toBe(100);
    // Ids and times alone are listed whatever their age; Messenger has no such cap.
    expect((await (await list(30, "id,created_time")).json()).data[0].messages.data).toHaveLength(30);
    sim.limitHistory(null);
    try {
      expect((await (await list(30)).json()).data[0].messages.data).toHaveLength(30);
    } finally {
      sim.limitHistory({ platform: "instagram", messages: 20 });
    }
  });
});
