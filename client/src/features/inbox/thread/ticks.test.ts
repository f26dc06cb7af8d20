import { describe, expect, it } from "vitest";
import { laterStatus, tickFor } from "./ticks";

describe("delivery ticks", () => {
  it("maps our messages' status to a tick and leaves customers' messages bare", () => {
    expect(tickFor("OUT", "QUEUED")).toBe("queued");
    expect(tickFor("OUT", "SENT")).toBe("sent");
    expect(tickFor("OUT", "DELIVERED")).toBe("delivered");
    expect(tickFor("OUT", "READ")).toBe("read");
    expect(tickFor("OUT", "FAILED")).toBe("failed");
    expect(tickFor("IN", "RECEIVED")).toBe("none");
  });

  it("never moves backwards when receipts arrive out of order", () => {
    expect(laterStatus("READ", "DELIVERED")).toBe("READ");
    expect(laterStatus("SENT", "DELIVERED")).toBe("DELIVERED");
    expect(laterStatus("QUEUED", "SENT")).toBe("SENT");
    expect(laterStatus("SENT", "FAILED")).toBe("FAILED");
  });
});
