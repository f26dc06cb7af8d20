import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { keys } from "../../lib/query";
import type { Conversation, Label, Page } from "../../lib/types";
import { byLabelName } from "./sort";

// A label's rename, recolour or deletion reaches every cached conversation that carries it: the server announces
// the label once, not each of its conversations.

type Pages = InfiniteData<Page<Conversation>, string | null>;

function eachConversation(qc: QueryClient, change: (c: Conversation) => Conversation) {
  qc.setQueriesData<Conversation>({ queryKey: ["conversations", "one"] }, (c) => (c ? change(c) : c));
  qc.setQueriesData<Pages>({ queryKey: keys.conversationLists }, (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map(change) })) } : data,
  );
}

export function labelChanged(qc: QueryClient, label: Label) {
  qc.setQueryData<Label[]>(keys.labels, (list) =>
    list ? [...list.filter((l) => l.id !== label.id), label].sort(byLabelName) : list,
  );
  eachConversation(qc, (c) =>
    c.labels.some((l) => l.id === label.id)
      ? { ...c, labels: c.labels.map((l) => (l.id === label.id ? label : l)).sort(byLabelName) }
      : c,
  );
}

export function labelRemoved(qc: QueryClient, id: string) {
  qc.setQueryData<Label[]>(keys.labels, (list) => list?.filter((l) => l.id !== id));
  eachConversation(qc, (c) =>
    c.labels.some((l) => l.id === id) ? { ...c, labels: c.labels.filter((l) => l.id !== id) } : c,
  );
}
