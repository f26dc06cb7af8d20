// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, LiveSocket, type SocketState } from "./ws";

class FakeSocket {
  static all: FakeSocket[] = [];
  onopen?: () => void;
  onclose?: (e: { code: number }) => void;
  onmessage?: (e: { data: string }) => void;
  sent: unknown[] = [];
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {}
  ready() {
    this.onmessage?.({ data: JSON.stringify({ type: "ready", data: {} }) });
  }
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

  it("sends the token in the first message, never in the URL", () => {
    const { socket } = start();
    FakeSocket.all[0].open();
    expect(FakeSocket.all[0].url).not.toContain("t1");
    expect(FakeSocket.all[0].sent).toEqual([{ type: "auth", token: "t1" }]);
    socket.stop();
  });

  it("when the server ends a live socket (4401: token expired, access changed), refreshes and reopens at once, unnoticed", async () => {
    const { socket, states, opts } = start();
    FakeSocket.all[0].open();
    FakeSocket.all[0].ready();
    FakeSocket.all[0].drop(4401);
    await vi.advanceTimersByTimeAsync(0); // no backoff: only the refresh is awaited
    expect(opts.refreshToken).toHaveBeenCalled();
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].open();
    expect(FakeSocket.all[1].sent).toEqual([{ type: "auth", token: "t2" }]);
    expect(states).not.toContain("reconnecting");
    socket.stop();
  });

  it("backs off when the refreshed token is refused too", async () => {
    const { socket, opts } = start();
    FakeSocket.all[0].open();
    FakeSocket.all[0].drop(4401);
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[1].open();
    FakeSocket.all[1].drop(4401);
    await vi.advanceTimersByTimeAsync(0);
    expect(opts.refreshToken).toHaveBeenCalledTimes(2);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.runOnlyPendingTimersAsync();
    expect(FakeSocket.all).toHaveLength(3);
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
