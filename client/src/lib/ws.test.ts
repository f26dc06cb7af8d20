// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, LiveSocket, type SocketState } from "./ws";

class FakeSocket {
  static all: FakeSocket[] = [];
  onopen?: () => void;
  onclose?: (e: { code: number }) => void;
  onmessage?: (e: { data: string }) => void;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close() {}
  open() {
    this.onopen?.();
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  vi.stubGlobal("WebSocket", FakeSocket);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function start(token = "t1") {
  const states: SocketState[] = [];
  const events: unknown[] = [];
  const opts = {
    getToken: vi.fn(() => token),
    refreshToken: vi.fn(async () => {
      token = "t2";
      return token;
    }),
    onEvent: (e: unknown) => events.push(e),
    onReconnect: vi.fn(),
    onState: (s: SocketState) => states.push(s),
  };
  const socket = new LiveSocket(opts);
  socket.start();
  return { socket, states, events, opts };
}

describe("live socket", () => {
  it("delivers events, shows 'reconnecting' when dropped, and asks the page to catch up once back", async () => {
    const { socket, states, events, opts } = start();
    FakeSocket.all[0].open();
    FakeSocket.all[0].onmessage?.({
      data: JSON.stringify({ type: "message.created", data: { conversationId: "c1" } }),
    });
    expect(events).toHaveLength(1);
    expect(opts.onReconnect).not.toHaveBeenCalled();

    FakeSocket.all[0].drop();
    await vi.runOnlyPendingTimersAsync();
    expect(states).toContain("reconnecting");
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].open();
    expect(socket.state).toBe("open");
    expect(opts.onReconnect).toHaveBeenCalledTimes(1);
    socket.stop();
  });

  it("refreshes a refused token (4401) before reconnecting", async () => {
    const { socket, opts } = start();
    FakeSocket.all[0].open();
    FakeSocket.all[0].drop(4401);
    await vi.runOnlyPendingTimersAsync();
    expect(opts.refreshToken).toHaveBeenCalled();
    expect(FakeSocket.all[1].url).toContain("token=t2");
    socket.stop();
  });

  it("backs off exponentially, capped", () => {
    for (let i = 0; i < 20; i++) {
      expect(backoffDelay(0)).toBeLessThanOrEqual(500);
      expect(backoffDelay(10)).toBeLessThanOrEqual(15_000);
      expect(backoffDelay(10)).toBeGreaterThanOrEqual(7_500);
    }
  });
});
