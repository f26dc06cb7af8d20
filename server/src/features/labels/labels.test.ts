import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listenToWorkspace, seedAccount, seedConversation } from "../../../test/conversations";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

const t = startTestApp();
let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
let other: Awaited<ReturnType<typeof createTestWorkspace>>;
let live: Awaited<ReturnType<typeof listenToWorkspace>>;

beforeAll(async () => {
  ws = await createTestWorkspace(t.deps, { role: "AGENT" });
  other = await createTestWorkspace(t.deps);
  live = await listenToWorkspace(ws.workspace.id);
});
afterAll(async () => {
  live.close();
  await t.close();
});
beforeEach(() => {
  live.events.length = 0;
});

const create = (body: object, auth = ws.auth) => t.http().post("/api/labels").set(auth).send(body);
const patch = (id: string, body: object, auth = ws.auth) => t.http().patch(`/api/labels/${id}`).set(auth).send(body);
const names = async (auth = ws.auth) =>
  (await t.http().get("/api/labels").set(auth)).body.map((l: { name: string }) => l.name);

describe("labels", () => {
  it("are created, listed by name, renamed, recoloured and deleted by any member, each change live", async () => {
    const vip = await create({ name: "  VIP ", color: "#EF4444" });
    expect(vip.status).toBe(201);
    expect(vip.body).toEqual({ id: expect.any(String), name: "VIP", color: "#ef4444" });
    expect((await live.next("label.updated")).data).toEqual({ label: vip.body });
    // Without a colour, one from the palette, the same for the same name.
    const billing = await create({ name: "billing" });
    expect(billing.body.color).toMatch(/^#[0-9a-f]{6}$/);
    await create({ name: "apples" }).expect(201);
    expect(await names()).toEqual(["apples", "billing", "VIP"]);

    const renamed = await patch(vip.body.id, { name: "Priority customer" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ id: vip.body.id, name: "Priority customer", color: "#ef4444" });
    const recoloured = await patch(vip.body.id, { color: "#22c55e" });
    expect(recoloured.body).toEqual({ id: vip.body.id, name: "Priority customer", color: "#22c55e" });
    live.events.length = 0;

    await t.http().delete(`/api/labels/${billing.body.id}`).set(ws.auth).expect(204);
    expect((await live.next("label.deleted")).data).toEqual({ labelId: billing.body.id });
    expect(await names()).toEqual(["apples", "Priority customer"]);
  });

  it("a rename shows on every conversation that carries the label; a deletion takes it off them", async () => {
    const account = await seedAccount(t.deps.db, ws.workspace.id);
    const label = (await create({ name: "wholesale", color: "#3b82f6" })).body;
    const c = await seedConversation(t.deps.db, account, { labelIds: [label.id] });
    await patch(label.id, { name: "Wholesale buyer" }).expect(200);
    const got = await t.http().get(`/api/conversations/${c.id}`).set(ws.auth);
    expect(got.body.labels).toEqual([{ id: label.id, name: "Wholesale buyer", color: "#3b82f6" }]);

    await t.http().delete(`/api/labels/${label.id}`).set(ws.auth).expect(204);
    expect((await t.http().get(`/api/conversations/${c.id}`).set(ws.auth)).body.labels).toEqual([]);
  });

  it("refuses a name already used in the workspace, whatever its case, with 409 naming the field", async () => {
    const first = await create({ name: "Refund" });
    expect(first.status).toBe(201);
    for (const name of ["Refund", "refund", " REFUND "]) {
      const dup = await create({ name });
      expect(dup.status, name).toBe(409);
      expect(dup.body.error).toMatchObject({ code: "label_name_taken", fields: { name: expect.any(String) } });
    }
    const other2 = await create({ name: "Refund later" });
    const renamed = await patch(other2.body.id, { name: "refund" });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.code).toBe("label_name_taken");
    // Another workspace has its own names.
    await create({ name: "Refund" }, other.auth).expect(201);
  });

  it("refuses bad input naming the field, changing nothing", async () => {
    const cases: [object, string][] = [
      [{}, "name"],
      [{ name: "" }, "name"],
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(33) }, "name"],
      [{ name: "two\nlines" }, "name"],
      [{ name: 7 }, "name"],
      [{ name: "ok", color: "red" }, "color"],
      [{ name: "ok", color: "#12345" }, "color"],
      [{ name: "ok", workspaceId: other.workspace.id }, "workspaceId"],
    ];
    const before = await names();
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.fields, JSON.stringify(body)).toHaveProperty([field]);
    }
    const label = (await create({ name: "to edit" })).body;
    for (const [body, field] of [
      [{}, "name"],
      [{ color: "blue" }, "color"],
      [{ name: "" }, "name"],
    ] as const) {
      const res = await patch(label.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields).toHaveProperty([field]);
    }
    expect(await names()).toEqual([...before, "to edit"].sort((a, b) => a.localeCompare(b)));
  });

  it("answers 404 for another workspace's label, or an id that names nothing, and leaves it alone", async () => {
    const theirs = (await create({ name: "Theirs only", color: "#8b5cf6" }, other.auth)).body;
    for (const id of [theirs.id, "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      expect((await patch(id, { name: "Hijacked" })).status).toBe(404);
      expect((await t.http().delete(`/api/labels/${id}`).set(ws.auth)).status).toBe(404);
    }
    expect(await names(other.auth)).toEqual(["Refund", "Theirs only"]);
    expect(await names()).not.toContain("Theirs only");
  });

  it("requires a signed-in member", async () => {
    expect((await t.http().get("/api/labels")).status).toBe(401);
    expect((await t.http().post("/api/labels").send({ name: "x" })).status).toBe(401);
  });
});
