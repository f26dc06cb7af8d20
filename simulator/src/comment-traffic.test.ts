import { afterEach, describe, expect, it } from "vitest";
import { startReceiver } from "../test/receiver";
import { startCommentTraffic, startSimulator } from "./index";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe("demo comment traffic", () => {
  it("comments on Facebook posts (one an ad) and Instagram media, signed, as Meta's changes[]", async () => {
    const rcv = await startReceiver();
    const sim = await startSimulator({ appSecret: "s", webhookUrl: (o) => `${rcv.url}/${o}` });
    cleanup.push(
      () => rcv.close(),
      () => sim.close(),
    );
    const page = sim.createPage({ name: "Bloom", instagram: { username: "bloom" } });
    sim.subscribeApp(page.id);
    const traffic = await startCommentTraffic(sim, { pageId: page.id, igId: page.instagram?.id, everyMs: 60_000 });
    cleanup.push(() => traffic.stop());
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
