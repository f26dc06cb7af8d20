import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Input";
import { ApiError, api } from "../../lib/api";
import { AuthFrame, FormAlert } from "./AuthFrame";

/** The emailed reset link's page: a new password, then sign in (every other session has ended). */
export function ResetPasswordPage() {
  const { token = "" } = useParams();
  const [done, setDone] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    setFields({});
    setFormError(null);
    if (data.password !== data.confirm) return setFields({ confirm: "does not match the new password" });
    setBusy(true);
    try {
      await api(`/api/auth/password-reset/${encodeURIComponent(token)}`, {
        body: { password: data.password },
        noRefresh: true,
      });
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else if (err instanceof ApiError && err.code === "reset_invalid")
        setFormError("This link has expired or was already used. Ask for a new one.");
      else setFormError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return (
      <AuthFrame title="Password changed">
        <p className="text-sm text-zinc-600">You were signed out everywhere else. Sign in with your new password.</p>
        <Link to="/signin" className="mt-6 inline-block text-sm font-medium text-accent-700 hover:underline">
          Sign in
        </Link>
      </AuthFrame>
    );
  return (
    <AuthFrame title="Choose a new password">
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Choose a new password">
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          autoFocus
          hint="At least 8 characters."
          error={fields.password}
        />
        <Field label="Repeat it" name="confirm" type="password" autoComplete="new-password" error={fields.confirm} />
        {formError && (
          <FormAlert>
            {formError}{" "}
            {formError.includes("new one") && (
              <Link to="/forgot-password" className="font-medium underline">
                Send a new link
              </Link>
            )}
          </FormAlert>
        )}
        <Button type="submit" variant="primary" className="w-full justify-center" loading={busy}>
          Set password
        </Button>
      </form>
    </AuthFrame>
  );
}
