import type { NotificationPreferences } from "../../lib/types";
import { useNotificationPreferences, useSetNotificationPreferences } from "./hooks";

const labels: [keyof NotificationPreferences, string][] = [
  ["assigned", "A conversation is assigned to me"],
  ["mention", "Someone mentions me"],
  ["assignedMessage", "A customer writes in my conversation"],
  ["unassignedConversation", "A new conversation nobody is assigned to"],
];

/**
 * The member's own choice of what to be told about (per workspace): folded away under the bell, laid out in full
 * on Settings → Your profile (`section`).
 */
export function NotificationPreferencesForm({ section = false }: { section?: boolean }) {
  const prefs = useNotificationPreferences();
  const set = useSetNotificationPreferences();
  if (!prefs.data) return null;
  const data = prefs.data;
  const boxes = (
    <div className={section ? "mt-3 space-y-2.5 text-sm text-zinc-700" : "mt-1.5 space-y-1"}>
      {labels.map(([key, label]) => (
        <label key={key} className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={data[key]}
            onChange={(e) => set.mutate({ [key]: e.target.checked })}
            className={section ? "h-4 w-4 accent-accent-600" : "h-3.5 w-3.5 accent-accent-600"}
          />
          {label}
        </label>
      ))}
    </div>
  );
  if (section) return <fieldset aria-label="Notify me when">{boxes}</fieldset>;
  return (
    <details className="text-xs text-zinc-600">
      <summary className="cursor-pointer font-medium text-zinc-700">Notify me when…</summary>
      {boxes}
    </details>
  );
}
