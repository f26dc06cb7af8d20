import { ImageUp } from "lucide-react";
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Input";
import { toast } from "../../components/ui/Toast";
import { ApiError, api } from "../../lib/api";
import { uploadFile } from "../../lib/upload";
import { useAuth, useSession } from "../auth";
import { NotificationPreferencesForm } from "../notifications";
import { SettingsPage } from "./SettingsLayout";

/**
 * Who you are here: your name and picture (PATCH /api/me), what you are notified about, and changing your password
 * (POST /api/auth/password).
 */
export function ProfilePage() {
  const session = useSession();
  return (
    <SettingsPage title="Your profile" description="How your teammates see you, and how you sign in.">
      <div className="flex items-start gap-4">
        <Avatar name={session.user.name} src={session.user.avatarUrl} size="lg" />
        <div className="min-w-0">
          <p className="text-base font-medium text-zinc-900">{session.user.name}</p>
          <p className="text-sm text-zinc-500">
            {session.user.email} · <span className="capitalize">{session.role.toLowerCase()}</span> of{" "}
            {session.workspace.name}
          </p>
          <AvatarPicker />
        </div>
      </div>
      <NameForm />
      <h2 className="mt-10 text-sm font-semibold text-zinc-900">Notify me when…</h2>
      <p className="mt-1 text-[13px] text-zinc-500">
        In the bell, and on your desktop while Parley is in the background.
      </p>
      <NotificationPreferencesForm section />
      <h2 className="mt-10 text-sm font-semibold text-zinc-900">Change password</h2>
      <PasswordForm />
    </SettingsPage>
  );
}

/** The message to show for a failed request; field errors first (a 400 names its field). */
function messageOf(err: unknown, ...fields: string[]): string {
  if (err instanceof ApiError) {
    for (const f of fields)
      if (err.fields[f]) return `${err.fields[f].charAt(0).toUpperCase()}${err.fields[f].slice(1)}`;
    return err.message;
  }
  return "Something went wrong. Try again.";
}

/** Choose an image: it is uploaded (POST /api/uploads), then made your picture; Remove goes back to initials. */
function AvatarPicker() {
  const session = useSession();
  const { updateProfile } = useAuth();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<"upload" | "remove" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  async function onChoose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = ""; // choosing the same file again still fires a change
    if (!file) return;
    setError(null);
    if (!file.type.startsWith("image/")) {
      setError(`${file.name} is not an image. Choose a JPEG, PNG or GIF.`);
      return;
    }
    setBusy("upload");
    try {
      const upload = await uploadFile(file, undefined, () => {}).promise;
      await updateProfile({ avatarUploadId: upload.uploadId });
      toast("Picture updated");
    } catch (err) {
      setError(messageOf(err, "file", "avatarUploadId"));
    } finally {
      setBusy(null);
    }
  }

  async function onRemove() {
    setError(null);
    setBusy("remove");
    try {
      await updateProfile({ avatarUploadId: null });
      toast("Picture removed");
    } catch (err) {
      setError(messageOf(err, "avatarUploadId"));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="mt-3 space-y-1.5">
      <div className="flex items-center gap-2">
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/gif"
          className="sr-only"
          tabIndex={-1}
          aria-label="Choose a picture"
          aria-describedby={errorId}
          onChange={onChoose}
        />
        <Button
          size="sm"
          variant="secondary"
          loading={busy === "upload"}
          disabled={!!busy}
          onClick={() => input.current?.click()}
        >
          <ImageUp className="h-4 w-4" />
          {session.user.avatarUrl ? "Change picture" : "Upload picture"}
        </Button>
        {session.user.avatarUrl && (
          <Button size="sm" variant="ghost" loading={busy === "remove"} disabled={!!busy} onClick={onRemove}>
            Remove
          </Button>
        )}
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-[13px] text-red-600" data-field-error="avatarUploadId">
          {error}
        </p>
      ) : (
        <p id={errorId} className="text-[13px] text-zinc-500">
          JPEG, PNG or GIF, up to 8 MB. Your teammates see it beside your name.
        </p>
      )}
    </div>
  );
}

/** Your display name, as teammates see it in the Team list, assignee menus and mentions. */
function NameForm() {
  const session = useSession();
  const { updateProfile } = useAuth();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "");
    setError(undefined);
    setBusy(true);
    try {
      await updateProfile({ name });
      toast("Name saved");
    } catch (err) {
      if (err instanceof ApiError && err.fields.name) setError(err.fields.name);
      else toast(messageOf(err), "error");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-10 flex max-w-md items-start gap-2" noValidate aria-label="Your name">
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        defaultValue={session.user.name}
        maxLength={100}
        error={error}
        className="flex-1"
      />
      <Button type="submit" variant="primary" loading={busy} className="mt-[26px]">
        Save
      </Button>
    </form>
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
