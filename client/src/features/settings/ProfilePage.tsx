import { type FormEvent, useState } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Input";
import { toast } from "../../components/ui/Toast";
import { ApiError, api } from "../../lib/api";
import { useSession } from "../auth";
import { SettingsPage } from "./SettingsLayout";

/** Who you are here, and changing your password (POST /api/auth/password). */
export function ProfilePage() {
  const session = useSession();
  return (
    <SettingsPage title="Your profile" description="How your teammates see you, and how you sign in.">
      <div className="flex items-center gap-4">
        <Avatar name={session.user.name} size="lg" />
        <div>
          <p className="text-base font-medium text-zinc-900">{session.user.name}</p>
          <p className="text-sm text-zinc-500">
            {session.user.email} · <span className="capitalize">{session.role.toLowerCase()}</span> of{" "}
            {session.workspace.name}
          </p>
        </div>
      </div>
      <h2 className="mt-10 text-sm font-semibold text-zinc-900">Change password</h2>
      <PasswordForm />
    </SettingsPage>
  );
}

function PasswordForm() {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    setFields({});
    setFormError(null);
    if (data.newPassword !== data.confirm) {
      setFields({ confirm: "does not match the new password" });
      return;
    }
    setBusy(true);
    try {
      await api("/api/auth/password", {
        body: { currentPassword: data.currentPassword, newPassword: data.newPassword },
      });
      form.reset();
      toast("Password changed");
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        if (!Object.keys(err.fields).length) setFormError(err.message);
      } else setFormError("Something went wrong. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 max-w-md space-y-4" noValidate aria-label="Change password">
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        error={fields.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={fields.newPassword}
      />
      <Field
        label="Repeat new password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        error={fields.confirm}
      />
      {formError && (
        <p
          role="alert"
          className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-600/10 ring-inset"
        >
          {formError}
        </p>
      )}
      <Button type="submit" variant="primary" loading={busy}>
        Change password
      </Button>
    </form>
  );
}
