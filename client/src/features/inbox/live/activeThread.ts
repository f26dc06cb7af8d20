import { createContext, type RefObject, useContext, useEffect } from "react";

/**
 * Which conversation is on screen, per LiveProvider (so per signed-in socket): the open Thread writes it, the live
 * event handler reads it to count that thread's inbound messages as read at once.
 */
export const ActiveThreadContext = createContext<RefObject<string | null> | null>(null);

/** Marks `id` as the thread on screen while the calling component is mounted. */
export function useActiveThread(id: string) {
  const active = useContext(ActiveThreadContext);
  useEffect(() => {
    if (!active) return;
    active.current = id;
    return () => {
      // Clear only our own id, never one a newer thread has already set.
      if (active.current === id) active.current = null;
    };
  }, [active, id]);
}
