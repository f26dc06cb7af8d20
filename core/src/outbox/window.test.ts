import { expect, it } from "vitest";
import type { AppError } from "../errors";
import { assertCanSend, replyWindow } from "./window";

const now = new Date("2026-11-23T12:00:00Z");
const ago = (h: number) => new Date(now.getTime() - h * 3600_000);
const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  return undefined;
};

it("applies Meta's reply windows: 24 h free-form, HUMAN_AGENT up to 7 days, WhatsApp templates", () => {
  expect(replyWindow("MESSENGER", ago(2), now)).toMatchObject({
    open: true,
    closesAt: "2026-11-24T10:00:00.000Z",
    needsTemplate: false,
  });
  const late = replyWindow("INSTAGRAM", ago(30), now);
  expect(late).toMatchObject({ open: false, humanAgentUntil: "2026-11-29T06:00:00.000Z" });
  expect(refusal(() => assertCanSend(late, {}, now))?.code).toBe("outside_window");
  expect(refusal(() => assertCanSend(late, { tag: "HUMAN_AGENT" }, now))).toBeUndefined();
  const gone = replyWindow("MESSENGER", ago(24 * 8), now);
  expect(gone.humanAgentUntil).toBeNull();
  expect(refusal(() => assertCanSend(gone, { tag: "HUMAN_AGENT" }, now))?.status).toBe(422);
  expect(replyWindow("MESSENGER", null, now)).toMatchObject({ open: false, closesAt: null, humanAgentUntil: null });

  const wa = replyWindow("WHATSAPP", ago(25), now);
  expect(wa).toMatchObject({ open: false, needsTemplate: true, humanAgentUntil: null });
  expect(refusal(() => assertCanSend(wa, {}, now))?.fields).toHaveProperty("template");
  expect(refusal(() => assertCanSend(wa, { template: { name: "hello_world" } }, now))).toBeUndefined();
  expect(refusal(() => assertCanSend(replyWindow("WHATSAPP", ago(1), now), { tag: "HUMAN_AGENT" }, now))?.status).toBe(
    400,
  );
  expect(refusal(() => assertCanSend(replyWindow("MESSENGER", ago(1), now), { template: {} }, now))?.status).toBe(400);
});
