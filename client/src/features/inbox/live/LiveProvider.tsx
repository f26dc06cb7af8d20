import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { api, refreshAccessToken, tokens } from "../../../lib/api";
import { keys } from "../../../lib/query";
import { LiveSocket, type SocketState } from "../../../lib/ws";
import { useSession } from "../../auth";
import { ActiveThreadContext } from "./activeThread";
import { applyLiveEvent } from "./liveCache";

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

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new workspace needs a new socket (its token names the room)
  useEffect(() => {
    const meId = session.user.id;
    const socket = new LiveSocket({
      getToken: tokens.get,
      refreshToken: refreshAccessToken,
      onEvent: (e) => applyLiveEvent(qc, e, meId, { id: activeThread.current, markRead }),
      onState: setState,
      onReconnect: () => {
        qc.invalidateQueries({ queryKey: keys.conversationLists });
        qc.invalidateQueries({ queryKey: ["messages"] });
        qc.invalidateQueries({ queryKey: ["conversations", "one"] });
        qc.invalidateQueries({ queryKey: keys.platforms });
        qc.invalidateQueries({ queryKey: keys.notifications });
      },
    });
    socket.start();
    return () => socket.stop();
  }, [qc, session.user.id, session.workspace.id]);

  return (
    <LiveContext.Provider value={state}>
      <ActiveThreadContext.Provider value={activeThread}>{children}</ActiveThreadContext.Provider>
    </LiveContext.Provider>
  );
}

export function useLiveState(): SocketState {
  return useContext(LiveContext);
}
