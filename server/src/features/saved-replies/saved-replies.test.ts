import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

const t = startTestApp();
let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
let other: Awaited<ReturnType<typeof createTestWorkspace>>;

beforeAll(async () => {
  ws = await createTestWorkspace(t.deps);
  other = await createTestWorkspace(t.deps, { role: "AGENT" });
});
afterAll(async () => {
  await t.close();
});

const create = (body: object, auth = ws.auth) => t.http().post("/api/saved-replies").set(auth).send(body);

describe("saved replies", () => {
  it("creates, lists by shortcut, edits and deletes, keeping {{variables}} in the body", async () => {
    const body = "Hi {{contact.first_name}}, this is {{agent.name}} from {{business.name}}.";
    const a = await create({ title: "Greeting", shortcut: "Hello", body });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ title: "Greeting", shortcut: "hello", body });
    const b = await create({ title: "Shipping times", shortcut: "ship", body: "Orders ship within 2 days." });

    const list = await t.http().get("/api/saved-replies").set(ws.auth);
    expect(list.body.map((r: { shortcut: string }) => r.shortcut)).toEqual(["hello", "ship"]);

    const patched = await t
      .http()
      .patch(`/api/saved-replies/${b.body.id}`)
      .set(ws.auth)
      .send({ body: "Orders ship within 1 day." });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ shortcut: "ship", body: "Orders ship within 1 day." });

    await t.http().delete(`/api/saved-replies/${a.body.id}`).set(ws.auth).expect(204);
    const after = await t.http().get("/api/saved-replies").set(ws.auth);
    expect(after.body.map((r: { id: string }) => r.id)).toEqual([b.body.id]);
  });

  it("refuses a second reply with the same shortcut, naming the field", async () => {
    await create({ title: "Refunds", shortcut: "refund", body: "We refund within 5 days." }).expect(201);
    const dup = await create({ title: "Refunds again", shortcut: "REFUND", body: "x" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toHaveProperty("shortcut");
    // Another workspace has its own namespace of shortcuts.
    await create({ title: "Refunds", shortcut: "refund", body: "Theirs" }, other.auth).expect(201);
  });

  it("refuses bad input, naming the field", async () => {
    const bad = await create({ title: "", shortcut: "two words", body: "x" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["shortcut", "title"]);
    const extra = await create({ title: "t", shortcut: "t", body: "b", workspaceId: other.workspace.id });
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields).toHaveProperty("workspaceId");
  });

  it("answers 404 for another workspace's saved reply and leaves it alone", async () => {
    const theirs = await create({ title: "Theirs", shortcut: "theirs", body: "Private" }, other.auth);
    await t.http().patch(`/api/saved-replies/${theirs.body.id}`).set(ws.auth).send({ body: "Mine now" }).expect(404);
    await t.http().delete(`/api/saved-replies/${theirs.body.id}`).set(ws.auth).expect(404);
    const still = await t.http().get("/api/saved-replies").set(other.auth);
    expect(still.body.find((r: { id: string }) => r.id === theirs.body.id)).toMatchObject({ body: "Private" });
  });
});
