import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { accountToken, sealToken } from "@parley/core/accounts/tokens";
import { config } from "@parley/core/config";
import { decryptToken, encryptToken } from "@parley/core/crypto";
import { createDb } from "@parley/core/db";
import { afterAll, describe, expect, it } from "vitest";
import { startServer } from "../../server/src/main";

/** Issue #14 item 9: stored Meta tokens are bound to their account and purpose, with a full-length GCM tag. */
const db = createDb();
afterAll(() => db.$disconnect());

/** A token as Parley stored it before ciphertexts were bound to their account: "v1", no AAD. */
function legacySeal(plain: string): string {
  const { id, key } = config().tokenKeys[0];
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const enc = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [
    "v1",
    id,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    enc.toString("base64url"),
  ].join(":");
}

async function account(accessTokenEnc: (externalId: string) => string) {
  const ws = await db.workspace.create({ data: { name: "Sealed" } });
  const externalId = `9${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  return db.platformAccount.create({
    data: {
      workspaceId: ws.id,
      platform: "MESSENGER",
      externalId,
      name: "Page",
      accessTokenEnc: accessTokenEnc(externalId),
    },
  });
}

const startAndStop = async () => (await startServer({ port: 0, host: "127.0.0.1" })).close();

describe("stored account tokens", () => {
  it("re-encrypts tokens stored before the binding when the API starts, once", async () => {
    const plain = `EAA-legacy-${randomUUID()}`;
    const before = await account(() => legacySeal(plain));
    await startAndStop();
    const after = await db.platformAccount.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc);
    expect(after.accessTokenEnc).not.toContain(plain);
    expect(accountToken(after)).toBe(plain);
    expect(after.updatedAt).toEqual(before.updatedAt);

    await startAndStop(); // a second start (or a second replica) leaves the bound value alone
    const again = await db.platformAccount.findUniqueOrThrow({ where: { id: before.id } });
    expect(again.accessTokenEnc).toBe(after.accessTokenEnc);
  }, 60_000);

  it("refuses a token copied onto another account's row", async () => {
    const a = await account((externalId) => sealToken("token-of-a", { platform: "MESSENGER", externalId }));
    const b = await account((externalId) => sealToken("token-of-b", { platform: "MESSENGER", externalId }));
    expect(accountToken(a)).toBe("token-of-a");
    expect(() => accountToken({ ...b, accessTokenEnc: a.accessTokenEnc })).toThrow();
  });

  it("refuses a value encrypted for another purpose", () => {
    const enc = encryptToken("secret", "meta-connect-session:abc");
    expect(() => decryptToken(enc, "platform-account-token:MESSENGER:1")).toThrow();
  });

  it("refuses an authentication tag cut short (a 4-byte tag is forgeable by trial)", () => {
    const parts = encryptToken("secret", "purpose").split(":");
    parts[3] = Buffer.from(parts[3], "base64url").subarray(0, 4).toString("base64url");
    expect(() => decryptToken(parts.join(":"), "purpose")).toThrow();
  });
});
