import { describe, expect, it } from "vitest";
import { createSemaphore } from "./semaphore";

describe("createSemaphore", () => {
  it("runs at most `size` tasks at once, all of them eventually, failures included", async () => {
    const slots = createSemaphore(2);
    let running = 0;
    let peak = 0;
    const task = (i: number) =>
      slots(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (i % 3 === 0) throw new Error(`task ${i}`);
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => task(i)));
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(6);
    expect(running).toBe(0);
  });
});
