import { describe, expect, it } from "vitest";
import { decryptToken, encryptToken, escapeNonAscii, signMetaPayload, verifyMetaSignature } from "./crypto";

const k1 = { id: "k1", key: Buffer.alloc(32, 1) };
const k2 = { id: "k2", key: Buffer.alloc(32, 2) };

describe("token encryption", () => {
  it("round-trips and never contains the plain token", () => {
    const enc = encryptToken("EAAG-secret-token", "test", [k1]);
    expect(enc).not.toContain("EAAG");
    expect(decryptToken(enc, "test", [k1])).toBe("EAAG-secret-token");
  });
  it("decrypts values made with an older key after rotation", () => {
    const old = encryptToken("tok", "test", [k1]);
    expect(decryptToken(old, "test", [k2, k1])).toBe("tok");
    expect(encryptToken("tok", "test", [k2, k1]).split(":")[1]).toBe("k2");
  });
  it("rejects a tampered value", () => {
    const enc = encryptToken("tok", "test", [k1]).split(":");
    enc[4] = Buffer.from("xxx").toString("base64url");
    expect(() => decryptToken(enc.join(":"), "test", [k1])).toThrow();
  });
});

describe("webhook signature", () => {
  const secret = "s3cret";
  it("verifies the escaped form Meta sends and the literal UTF-8 form", () => {
    const literal = JSON.stringify({ text: "Grüße 👋 مرحبا" });
    const escaped = escapeNonAscii(literal);
    const sig = signMetaPayload(escaped, secret);
    expect(verifyMetaSignature(Buffer.from(escaped), sig, [secret])).toBe(true);
    expect(verifyMetaSignature(Buffer.from(literal), sig, [secret])).toBe(true);
  });
  it("accepts any configured app secret and refuses others", () => {
    const body = Buffer.from('{"a":1}');
    expect(verifyMetaSignature(body, signMetaPayload(body, "other"), [secret, "other"])).toBe(true);
    expect(verifyMetaSignature(body, signMetaPayload(body, "wrong"), [secret])).toBe(false);
    expect(verifyMetaSignature(body, undefined, [secret])).toBe(false);
    expect(verifyMetaSignature(body, "sha1=abc", [secret])).toBe(false);
    expect(verifyMetaSignature(body, "sha256=zz", [secret])).toBe(false);
  });
});
