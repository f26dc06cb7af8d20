import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenToWorkspace } from "../../../test/conversations";
import { bytes, createTestWorkspace, redisReady, startTestApp } from "../../../test/harness";

const t = startTestApp();
beforeAll(() => redisReady(t.deps.redis));
afterAll(() => t.close());

// A real 1×1 PNG, and a real (tiny) PDF.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

type Auth = Record<string, string>;
const upload = async (auth: Auth, bytes: Buffer, name: string, type: string): Promise<string> => {
  const res = await t
    .http()
    .post("/api/uploads")
    .set(auth)
    .attach("file", bytes, { filename: name, contentType: type });
  expect(res.status, res.text).toBe(201);
  return res.body.uploadId;
};
const patchMe = (auth: Auth, body: unknown) =>
  t
    .http()
    .patch("/api/me")
    .set(auth)
    .send(body as object);
const bytesOf = (auth: Auth, path: string) => bytes(t.http().get(path).set(auth));

/** A second member of `ws`, with their own token. */
async function teammate(ws: Awaited<ReturnType<typeof createTestWorkspace>>, name = "Tess Teammate") {
  const other = await createTestWorkspace(t.deps, { name });
  await t.deps.db.membership.create({ data: { userId: other.user.id, workspaceId: ws.workspace.id, role: "AGENT" } });
  const { signAccessToken } = await import("@parley/core/auth/access-token");
  const token = signAccessToken(
    { userId: other.user.id, workspaceId: ws.workspace.id, role: "AGENT" },
    t.deps.config.JWT_SECRET,
  );
  return { user: other.user, auth: { Authorization: `Bearer ${token}` }, home: other };
}

describe("PATCH /api/me", () => {
  it("tells the teammates' open tabs at once: member.updated in each workspace of theirs, with that role", async () => {
    const ws = await createTestWorkspace(t.deps, { name: "Before" });
    const mate = await teammate(ws);
    const here = await listenToWorkspace(ws.workspace.id);
    const home = await listenToWorkspace(mate.home.workspace.id);
    try {
      await patchMe(mate.auth, { name: "Tess Renamed" }).expect(200);
      const inWs = await here.next("member.updated");
      expect(inWs.data).toEqual({
        member: expect.objectContaining({ userId: mate.user.id, name: "Tess Renamed", role: "AGENT" }),
      });
      const inHome = await home.next("member.updated");
      expect(inHome.data).toEqual({
        member: expect.objectContaining({ userId: mate.user.id, name: "Tess Renamed", role: "OWNER" }),
      });
    } finally {
      here.close();
      home.close();
    }
  });

  it("renames the caller: the new name is in the answer, in GET /api/auth/me and in the members list", async () => {
    const ws = await createTestWorkspace(t.deps, { name: "Old Name" });
    const mate = await teammate(ws);
    const res = await patchMe(ws.auth, { name: "  Nadia Newname " }).expect(200);
    expect(res.body.user).toEqual({ id: ws.user.id, email: ws.user.email, name: "Nadia Newname", avatarUrl: null });
    const me = await t.http().get("/api/auth/me").set(ws.auth).expect(200);
    expect(me.body).toEqual(res.body);
    const members = await t.http().get("/api/workspace/members").set(mate.auth).expect(200);
    expect(members.body.find((m: { userId: string }) => m.userId === ws.user.id)).toEqual({
      userId: ws.user.id,
      email: ws.user.email,
      name: "Nadia Newname",
      avatarUrl: null,
      role: "OWNER",
    });
  });

  it("sets an uploaded picture that teammates are served as image bytes, and removes it again", async () => {
    const ws = await createTestWorkspace(t.deps);
    const mate = await teammate(ws);
    const uploadId = await upload(ws.auth, PNG, "me.png", "image/png");
    const res = await patchMe(ws.auth, { avatarUploadId: uploadId }).expect(200);
    const avatarUrl = `/api/workspace/members/${ws.user.id}/avatar?v=${uploadId}`;
    expect(res.body.user.avatarUrl).toBe(avatarUrl);
    expect((await t.http().get("/api/auth/me").set(ws.auth)).body.user.avatarUrl).toBe(avatarUrl);
    const members = await t.http().get("/api/workspace/members").set(mate.auth).expect(200);
    expect(members.body.map((m: { avatarUrl: string | null }) => m.avatarUrl)).toEqual([avatarUrl, null]);

    const img = await bytesOf(mate.auth, avatarUrl);
    expect(img.status).toBe(200);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.headers["cache-control"]).toMatch(/^private/);
    expect(sha(img.body as Buffer)).toBe(sha(PNG));
    // Without a token, nothing.
    expect((await t.http().get(avatarUrl)).status).toBe(401);

    // A new picture is a new address.
    const second = await upload(ws.auth, PNG, "again.png", "image/png");
    const changed = await patchMe(ws.auth, { avatarUploadId: second }).expect(200);
    expect(changed.body.user.avatarUrl).toBe(`/api/workspace/members/${ws.user.id}/avatar?v=${second}`);

    const removed = await patchMe(ws.auth, { avatarUploadId: null }).expect(200);
    expect(removed.body.user.avatarUrl).toBeNull();
    expect((await bytesOf(mate.auth, avatarUrl)).status).toBe(404);
    // The name was not touched by either change.
    expect(removed.body.user.name).toBe(ws.user.name);
  });

  it.each([
    [{}, "body"],
    [{ name: "" }, "name"],
    [{ name: "   " }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ name: 42 }, "name"],
    [{ avatarUploadId: "not-an-id" }, "avatarUploadId"],
    [{ avatarUploadId: 7 }, "avatarUploadId"],
    [{ name: "Ok", email: "new@example.com" }, "email"],
    [{ name: "Ok", userId: randomUUID() }, "userId"],
  ])("refuses %j with a 400 naming %s, and changes nothing", async (body, field) => {
    const ws = await createTestWorkspace(t.deps);
    const res = await patchMe(ws.auth, body).expect(400);
    expect(res.body.error.fields[field]).toEqual(expect.any(String));
    const row = await t.deps.db.user.findUniqueOrThrow({ where: { id: ws.user.id } });
    expect([row.name, row.email, row.avatarUploadId]).toEqual([ws.user.name, ws.user.email, null]);
  });

  it("refuses a file that is not an image, and uploads that are not the caller's, all alike", async () => {
    const ws = await createTestWorkspace(t.deps);
    const mate = await teammate(ws);
    const stranger = await createTestWorkspace(t.deps);
    const pdf = await upload(ws.auth, PDF, "cv.pdf", "application/pdf");
    const teammates = await upload(mate.auth, PNG, "tess.png", "image/png");
    const strangers = await upload(stranger.auth, PNG, "theirs.png", "image/png");
    // The caller's own picture, uploaded while signed into another workspace of theirs.
    const elsewhere = await upload(mate.home.auth, PNG, "home.png", "image/png");
    const answers = [];
    for (const id of [pdf, teammates, strangers, randomUUID()]) {
      const res = await patchMe(ws.auth, { name: "Should Not Stick", avatarUploadId: id }).expect(400);
      expect(res.body.error.fields).toEqual({ avatarUploadId: expect.any(String) });
      answers.push(res.body);
    }
    // Someone else's id answers exactly as an id that names nothing: no upload is revealed.
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const home = await patchMe(mate.auth, { avatarUploadId: elsewhere });
    expect(home.status).toBe(400);
    const row = await t.deps.db.user.findUniqueOrThrow({ where: { id: ws.user.id } });
    expect([row.name, row.avatarUploadId]).toEqual([ws.user.name, null]);
  });
});

describe("GET /api/workspace/members/:userId/avatar", () => {
  it("is 404 for someone outside the caller's workspace, for a member without a picture, and for a non-id", async () => {
    const ws = await createTestWorkspace(t.deps);
    const mate = await teammate(ws);
    const stranger = await createTestWorkspace(t.deps);
    const theirs = await upload(stranger.auth, PNG, "s.png", "image/png");
    await patchMe(stranger.auth, { avatarUploadId: theirs }).expect(200);
    // The stranger has a picture, and can see it themselves...
    expect((await bytesOf(stranger.auth, `/api/workspace/members/${stranger.user.id}/avatar`)).status).toBe(200);
    // ...but to a member of another workspace they are nobody.
    const outside = await t.http().get(`/api/workspace/members/${stranger.user.id}/avatar`).set(ws.auth);
    const ghost = await t.http().get(`/api/workspace/members/${randomUUID()}/avatar`).set(ws.auth);
    const bare = await t.http().get(`/api/workspace/members/${mate.user.id}/avatar`).set(ws.auth);
    const junk = await t.http().get("/api/workspace/members/nope/avatar").set(ws.auth);
    for (const r of [outside, ghost, bare, junk]) expect(r.status).toBe(404);
    expect(outside.body).toEqual(ghost.body);
  });
});
