import { describe, expect, it, onTestFinished } from "vitest";
import { startSimulatorWithReceiver } from "../test/receiver";
import { startCommentTraffic } from "./index";

describe("demo comment traffic", () => {
  it("comments on Facebook posts (one an ad) and Instagram media, signed, as Meta's changes[]", async () => {
    const { rcv, sim } = await startSimulatorWithReceiver({ appSecret: "s" });
    const page = sim.createPage({ name: "Bloom", instagram: { username: "bloom" } });
    sim.subscribeApp(page.id);
    const traffic = await startCommentTraffic(sim, { pageId: page.id, igId: page.instagram?.id, everyMs: 60_000 });
    onTestFinished(() => traffic.stop());
    const bodies = rcv.received.map((r) => r.json);
    const changes = bodies.flatMap((b) => b.entry.flatMap((e: { changes: unknown[] }) => e.changes));
    const feed = changes.filter((c) => c.field === "feed");
    const ig = changes.filter((c) => c.field === "comments");
    expect(feed.length).toBe(6);
    expect(ig.length).toBe(3);
    expect(feed.some((c) => c.value.post.promotion_status === "active")).toBe(true);
    expect(feed.some((c) => c.value.parent_id !== c.value.post_id)).toBe(true);
    expect(rcv.received.every((r) => String(r.headers["x-hub-signature-256"]).startsWith("sha256="))).toBe(true);
  });
});
