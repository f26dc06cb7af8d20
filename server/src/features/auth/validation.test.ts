import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount } from "../../../test/auth";
import { redisReady, startTestApp } from "../../../test/harness";

const t = startTestApp();
beforeAll(() => redisReady(t.deps.redis));
afterAll(() => t.close());

// Other test files write to the same database in parallel, so "nothing written" is checked through
// markers unique to this file's attempts rather than global row counts.
const marker = `v-${randomUUID().slice(0, 8)}`;
const rowCounts = async () => ({
  users: await t.deps.db.user.count({
    where: { OR: [{ name: { contains: marker } }, { email: { contains: marker } }] },
  }),
  workspaces: await t.deps.db.workspace.count({ where: { name: { contains: marker } } }),
});

describe("auth: bad input is a field-level 400 and writes nothing", () => {
  const valid = newAccount({ email: `${marker}@example.test`, name: `Ada ${marker}`, workspaceName: `Shop ${marker}` });
  const { name: _name, ...withoutName } = valid;
  const cases: [string, unknown, string][] = [
    ["missing fields", {}, "email"],
    ["missing name", withoutName, "name"],
    ["bad email", { ...valid, email: "not-an-email" }, "email"],
    ["short password", { ...valid, password: "short" }, "password"],
    ["10 kB password", { ...valid, password: "x".repeat(10 * 1024) }, "password"],
    ["unknown extra field", { ...valid, isAdmin: true }, "isAdmin"],
    ["wrong type", { ...valid, email: 42 }, "email"],
    ["a JSON array", [valid], "body"],
  ];

  it.each(cases)("register: %s", async (_label, body, field) => {
    const before = await rowCounts();
    const res = await t
      .http()
      .post("/api/auth/register")
      .send(body as object)
      .expect(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.fields[field]).toEqual(expect.any(String));
    expect(await rowCounts()).toEqual(before);
    expect(before).toEqual({ users: 0, workspaces: 0 });
  });

  it("register: missing fields names each of them", async () => {
    const res = await t.http().post("/api/auth/register").send({}).expect(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["email", "name", "password"]);
  });

  it("register: a non-JSON body", async () => {
    const before = await rowCounts();
    const broken = await t
      .http()
      .post("/api/auth/register")
      .set("Content-Type", "application/json")
      .send('{"email": "a@b.c", "password": ')
      .expect(400);
    expect(broken.body.error).toMatchObject({ code: "invalid_json", fields: { body: expect.any(String) } });
    const text = await t.http().post("/api/auth/register").set("Content-Type", "text/plain").send("hello").expect(400);
    expect(text.body.error.fields.body).toEqual(expect.any(String));
    const form = await t.http().post("/api/auth/register").type("form").send(valid).expect(400);
    expect(form.body.error.fields).toBeDefined();
    expect(await rowCounts()).toEqual(before);
    expect(before).toEqual({ users: 0, workspaces: 0 });
  });

  it.each([
    ["missing fields", {}, "email"],
    ["bad email", { email: "nope", password: "whatever123" }, "email"],
    ["10 kB password", { email: `${marker}@example.test`, password: "x".repeat(10 * 1024) }, "password"],
    ["unknown extra field", { email: "a@example.test", password: "whatever123", remember: true }, "remember"],
  ])("login: %s", async (_label, body, field) => {
    const before = await rowCounts();
    const res = await t.http().post("/api/auth/login").send(body).expect(400);
    expect(res.body.error).toMatchObject({ code: "validation_failed", fields: { [field]: expect.any(String) } });
    expect(await rowCounts()).toEqual(before);
    expect(before).toEqual({ users: 0, workspaces: 0 });
  });

  it("a body over 1 MB is 413 in the error shape", async () => {
    const res = await t
      .http()
      .post("/api/auth/register")
      .send({ ...valid, name: "x".repeat(1.2 * 1024 * 1024) })
      .expect(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  // Proves the markers above would have seen a write.
  it("the valid body, finally, writes one user and one workspace", async () => {
    await t.http().post("/api/auth/register").send(valid).expect(201);
    expect(await rowCounts()).toEqual({ users: 1, workspaces: 1 });
  });
});
