import { ShieldAlert } from "lucide-react";
import { Button } from "../../components/ui/Button";
import { permissionWhy } from "./permissionNames";

/**
 * Facebook's dialog lets a person untick permissions, and then never shows them again unless Parley re-asks
 * (auth_type=rerequest). Names each one that is missing, what it is for, and offers exactly that re-ask.
 */
export function DeclinedPermissions({
  permissions,
  asking,
  onAskAgain,
  onDismiss,
}: {
  permissions: string[];
  asking: boolean;
  onAskAgain: () => void;
  onDismiss: () => void;
}) {
  return (
    <div
      role="alert"
      aria-labelledby="declined-title"
      className="mt-6 rounded-xl bg-amber-50 px-4 py-4 text-sm text-amber-950 ring-1 ring-amber-600/20 ring-inset"
      data-declined-permissions
    >
      <div className="flex items-start gap-3">
        <ShieldAlert className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" aria-hidden="true" />
        <div className="min-w-0 flex-1">
          <p id="declined-title" className="font-medium">
            Nothing was connected: Facebook didn't give Parley{" "}
            {permissions.length === 1 ? "a permission" : "some permissions"} it needs.
          </p>
          <ul className="mt-2 space-y-1">
            {permissions.map((p) => (
              <li key={p} data-permission={p}>
                <code className="rounded bg-amber-100 px-1 py-0.5 text-xs">{p}</code>
                <span className="text-amber-900"> — to {permissionWhy(p)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-amber-900">
            Ask again and leave {permissions.length === 1 ? "it" : "them"} ticked in Facebook's window.
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button size="sm" variant="primary" loading={asking} onClick={onAskAgain}>
              Ask Facebook again
            </Button>
            <Button size="sm" onClick={onDismiss}>
              Dismiss
            </Button>
          </div>
        </div>
      </div>
    </div>
  );
}
