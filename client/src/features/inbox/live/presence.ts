import { createContext, useContext, useEffect, useState, useSyncExternalStore } from "react";
import type { LiveEvent } from "../../../lib/types";

type PresenceDto = Extract<LiveEvent, { type: "conversation.presence" }>["data"];
type Seen = { user: PresenceDto["user"]; state: "viewing" | "typing"; until: number };

/** How often this tab repeats what it is doing (well inside the server's viewing TTL). */
export const PRESENCE_REPEAT_MS = 10_000;

/**
 * Teammates' tabs in conversations, as /ws reports them (the collision warning). Each entry lapses at its TTL
 * unless repeated, so a tab that vanished without a word fades out by itself.
 */
class PresenceStore {
  private byConversation = new Map<string, Map<string, Seen>>();
  private listeners = new Set<() => void>();
  private version = 0;

  apply(p: PresenceDto, meId: string) {
    if (p.user.id === meId) return;
    const tabs = this.byConversation.get(p.conversationId) ?? new Map<string, Seen>();
    if (p.state === "left") tabs.delete(p.tabId);
    else tabs.set(p.tabId, { user: p.user, state: p.state, until: Date.now() + p.ttlMs });
    this.byConversation.set(p.conversationId, tabs);
    this.changed();
  }

  /** Who is in the conversation now, one entry per person (typing wins over viewing). */
  current(conversationId: string): { user: PresenceDto["user"]; state: "viewing" | "typing" }[] {
    const now = Date.now();
    const people = new Map<string, { user: PresenceDto["user"]; state: "viewing" | "typing" }>();
    for (const seen of this.byConversation.get(conversationId)?.values() ?? []) {
      if (seen.until < now) continue;
      const had = people.get(seen.user.id);
      if (!had || seen.state === "typing") people.set(seen.user.id, { user: seen.user, state: seen.state });
    }
    return [...people.values()];
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  snapshot = () => this.version;
  private changed() {
    this.version++;
    for (const l of this.listeners) l();
  }
}

export const presenceStore = new PresenceStore();

/** What this tab tells /ws: the conversation on screen and whether its agent is typing. */
export type PresenceReporter = {
  view(conversationId: string | null): void;
  typing(): void;
  /** The text was sent or cleared: viewing again, at once. */
  stoppedTyping(): void;
};
export const PresenceReporterContext = createContext<PresenceReporter | null>(null);

/** Reports the open thread while the calling component is mounted. */
export function useReportViewing(conversationId: string) {
  const reporter = useContext(PresenceReporterContext);
  useEffect(() => {
    reporter?.view(conversationId);
    return () => reporter?.view(null);
  }, [reporter, conversationId]);
}

/** Call `typing` on every keystroke in the composer (the reporter throttles it), `stopped` on send or clear. */
export function useReportTyping(): { typing: () => void; stopped: () => void } {
  const reporter = useContext(PresenceReporterContext);
  return { typing: () => reporter?.typing(), stopped: () => reporter?.stoppedTyping() };
}

/** Teammates viewing or typing in a conversation, kept fresh as their states lapse. */
export function useConversationPresence(conversationId: string) {
  useSyncExternalStore(presenceStore.subscribe, presenceStore.snapshot);
  const [, tick] = useState(0);
  const people = presenceStore.current(conversationId);
  useEffect(() => {
    if (!people.length) return;
    const t = setInterval(() => tick((n) => n + 1), 2_000);
    return () => clearInterval(t);
  }, [people.length]);
  return people;
}

/** "Maya is viewing", "Maya is typing…", "Maya and Sam are viewing". */
export function describePresence(people: { user: { name: string }; state: "viewing" | "typing" }[]): string | null {
  if (!people.length) return null;
  const typing = people.filter((p) => p.state === "typing").map((p) => p.user.name);
  const viewing = people.filter((p) => p.state === "viewing").map((p) => p.user.name);
  const list = (names: string[]) =>
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const parts: string[] = [];
  if (typing.length) parts.push(`${list(typing)} ${typing.length === 1 ? "is" : "are"} typing…`);
  if (viewing.length) parts.push(`${list(viewing)} ${viewing.length === 1 ? "is" : "are"} viewing`);
  return parts.join(" · ");
}
