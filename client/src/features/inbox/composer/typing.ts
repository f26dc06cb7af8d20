import { useCallback, useRef } from "react";
import { api } from "../../../lib/api";

/**
 * How often a typing agent tells the server, at most. The server throttles per conversation again (several
 * tabs or agents share it), so this only keeps keystrokes from becoming requests.
 */
export const TYPING_SIGNAL_EVERY_MS = 3_000;

/**
 * Call on every keystroke of a reply: the customer sees "typing…" on Messenger, Instagram or WhatsApp. Fire and
 * forget: a lost or refused typing indicator never disturbs the agent.
 */
export function useTypingSignal(conversationId: string, enabled: boolean) {
  const last = useRef<{ id: string; at: number }>({ id: "", at: 0 });
  return useCallback(() => {
    if (!enabled) return;
    const now = Date.now();
    if (last.current.id === conversationId && now - last.current.at < TYPING_SIGNAL_EVERY_MS) return;
    last.current = { id: conversationId, at: now };
    api(`/api/conversations/${conversationId}/typing`, { body: {} }).catch(() => undefined);
  }, [conversationId, enabled]);
}
