import { type FormEvent, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field } from "../../components/ui/Input";
import { ApiError, api } from "../../lib/api";
import type { InvitationSent } from "../../lib/types";
import { RoleSelect } from "./RoleSelect";

/** Invite by email with a role. Without a mail server the answer carries the link, shown by the caller. */
export function InviteDialog({
  open,
  onOpenChange,
  onSent,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSent: (sent: InvitationSent) => void;
}) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    setBusy(true);
    setFields({});
    setFormError(null);
    try {
      onSent(await api<InvitationSent>("/api/workspace/invitations", { body: data }));
      onOpenChange(false);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setFormError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setFields({});
        setFormError(null);
        onOpenChange(o);
      }}
      title="Invite a teammate"
      description="They get an email with a link that works for 7 days."
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Invite a teammate">
        <Field label="Email" name="email" type="email" autoComplete="off" autoFocus error={fields.email} />
        <div className="space-y-1.5">
          <label htmlFor="invite-role" className="block text-[13px] font-medium text-zinc-700">
            Role
          </label>
          <RoleSelect id="invite-role" name="role" defaultValue="AGENT" roles={["AGENT", "ADMIN"]} />
          <p className="text-[13px] text-zinc-500">
            {fields.role ?? "Agents answer conversations; admins also manage channels and the team."}
          </p>
        </div>
        {formError && (
          <p role="alert" className="text-sm text-red-600">
            {formError}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy}>
            Send invitation
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
