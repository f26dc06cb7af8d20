import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Input";
import { ApiError, api } from "../../lib/api";
import { AuthFrame, FormAlert } from "./AuthFrame";

/** "Forgot password?": asks for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "");
    setBusy(true);
    setFields({});
    setFormError(null);
    try {
      await api("/api/auth/password-reset", { body: { email }, noRefresh: true });
      setSentTo(email.trim());
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setFormError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (sentTo)
    return (
      <AuthFrame title="Check your email">
        <p className="text-sm text-zinc-600">
          If <strong className="font-medium text-zinc-900">{sentTo}</strong> has a Parley account, a link to choose a
          new password is on its way. It works once, for one hour.
        </p>
        <Link to="/signin" className="mt-6 inline-block text-sm font-medium text-accent-700 hover:underline">
          Back to sign in
        </Link>
      </AuthFrame>
    );
  return (
    <AuthFrame title="Reset your password" intro="We'll email you a link to choose a new one.">
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Reset your password">
        <Field label="Email" name="email" type="email" autoComplete="email" autoFocus error={fields.email} />
        {formError && <FormAlert>{formError}</FormAlert>}
        <Button type="submit" variant="primary" className="w-full justify-center" loading={busy}>
          Send reset link
        </Button>
      </form>
      <Link to="/signin" className="mt-6 inline-block text-sm font-medium text-accent-700 hover:underline">
        Back to sign in
      </Link>
    </AuthFrame>
  );
}
