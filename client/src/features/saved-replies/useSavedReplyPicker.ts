import type { RefObject } from "react";
import { useTriggerPicker } from "../../hooks/useTriggerPicker";
import type { Conversation, SavedReply } from "../../lib/types";
import { useSession } from "../auth";
import { useWorkspaceSettings } from "../workspace";
import { fillVariables } from "./fillVariables";
import { useSavedReplies } from "./hooks";

/** "/" in the reply composer: saved replies filtered by shortcut or title, inserted with variables filled in. */
export function useSavedReplyPicker(opts: {
  conv: Conversation;
  text: string;
  setText: (text: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
}) {
  const replies = useSavedReplies();
  const session = useSession();
  const workspace = useWorkspaceSettings();
  const picker = useTriggerPicker<SavedReply>({
    trigger: "/",
    text: opts.text,
    setText: opts.setText,
    textarea: opts.textarea,
    search: (q) => {
      const query = q.toLowerCase();
      return (replies.data ?? [])
        .filter((r) => r.shortcut.startsWith(query) || r.title.toLowerCase().includes(query))
        .slice(0, 8);
    },
    insert: (r) =>
      fillVariables(r.body, {
        contactName: opts.conv.contact.name,
        agentName: session.user.name,
        // Until the settings load, the business is known by the workspace's name.
        workspace: workspace.data ?? {
          name: session.workspace.name,
          business: { name: null, address: null, website: null, phone: null },
        },
      }),
  });
  return {
    ...picker,
    menuOptions: picker.options.map((r) => ({ id: r.id, label: r.title, hint: `/${r.shortcut}`, detail: r.body })),
  };
}
