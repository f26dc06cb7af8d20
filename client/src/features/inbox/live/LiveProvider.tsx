import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from "react";
import { api, refreshAccessToken, tokens } from "../../../lib/api";
import { keys } from "../../../lib/query";
import { LiveSocket, type SocketState } from "../../../lib/ws";
import { useSession } from "../../auth";
import { ActiveThreadContext } from "./activeThread";
import { applyLiveEvent } from "./liveCache";
import { PRESENCE_REPEAT_MS, type PresenceReporter, PresenceReporterContext, presenceStore } from "./presence";

/** After the last keystroke, how long "typing" holds before the tab says it is only viewing again. */
const TYPING_IDLE_MS = 4_000;

const LiveContext = createContext<SocketState>("connecting");

const markRead = (id: string) => {
  api(`/api/conversations/${id}/read`, { method: "POST" }).catch(() => {});
};

/** Opens /ws for the signed-in user, feeds events into the query cache, refetches after a reconnect. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const session = useSession();
  const [state, setState] = useState<SocketState>("connecting");
  const activeThread = useRef<string | null>(null);
  const socketRef = useRef<LiveSocket | null>(null);
  // What this tab is doing, repeated to /ws while it lasts and sent again after every reconnect.
  const doing = useRef<{ conversationId: string | null; typingUntil: number; sentTypingAt: number }>({
    conversationId: null,
    typingUntil: 0,
    sentTypingAt: 0,
  });
  const reporter = useMemo<PresenceReporter>(() => {
    const say = (joined = false) => {
      const d = doing.current;
      socketRef.current?.send({
        type: "presence",
        conversationId: d.conversationId,
        typing: d.typingUntil > Date.now(),
        ...(joined ? { joined } : {}),
      });
    };
    let idle: ReturnType<typeof setTimeout> | undefined;
    return {
      view(conversationId) {
        if (doing.current.conversationId === conversationId) return;
        doing.current = { conversationId, typingUntil: 0, sentTypingAt: 0 };
        say(conversationId !== null);
      },
      typing() {
        const d = doing.current;
        if (!d.conversationId) return;
        d.typingUntil = Date.now() + TYPING_IDLE_MS;
        clearTimeout(idle);
        idle = setTimeout(() => say(), TYPING_IDLE_MS + 50);
        if (Date.now() - d.sentTypingAt < 2_000) return;
        d.sentTypingAt = Date.now();
        say();
      },
      stoppedTyping() {
        const d = doing.current;
        clearTimeout(idle);
        if (!d.conversationId || d.typingUntil === 0) return;
        d.typingUntil = 0;
        d.sentTypingAt = 0;
        say();
      },
      repeat: say,
    } as PresenceReporter & { repeat: (joined?: boolean) => void };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new workspace needs a new socket (its token names the room)
  useEffect(() => {
    const meId = session.user.id;
    const repeat = (reporter as PresenceReporter & { repeat: (joined?: boolean) => void }).repeat;
    const socket = new LiveSocket({
      getToken: tokens.get,
      refreshToken: refreshAccessToken,
      onEvent: (e) => {
        if (e.type !== "conversation.presence")
          return applyLiveEvent(qc, e, meId, { id: activeThread.current, markRead });
        presenceStore.apply(e.data, meId);
        // A teammate just opened the conversation this tab shows: tell them at once that we are here too.
        if (e.data.joined && e.data.user.id !== meId && e.data.conversationId === doing.current.conversationId)
          repeat();
      },
      onReady: () => {
        if (doing.current.conversationId) repeat(true);
      },
      onState: setState,
      onReconnect: () => {
        qc.invalidateQueries({ queryKey: keys.conversationLists });
        qc.invalidateQueries({ queryKey: ["messages"] });
        qc.invalidateQueries({ queryKey: ["conversations", "one"] });
        qc.invalidateQueries({ queryKey: keys.platforms });
        qc.invalidateQueries({ queryKey: keys.notifications });
      },
    });
    socketRef.current = socket;
    socket.start();
    const heartbeat = setInterval(() => {
      if (doing.current.conversationId) repeat();
    }, PRESENCE_REPEAT_MS);
    return () => {
      clearInterval(heartbeat);
      socketRef.current = null;
      socket.stop();
    };
  }, [qc, session.user.id, session.workspace.id]);

  return (
    <LiveContext.Provider value={state}>
      <ActiveThreadContext.Provider value={activeThread}>
        <PresenceReporterContext.Provider value={reporter}>{children}</PresenceReporterContext.Provider>
      </ActiveThreadContext.Provider>
    </LiveContext.Provider>
  );
}

export function useLiveState(): SocketState {
  return useContext(LiveContext);
}
