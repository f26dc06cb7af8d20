import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Input";
import { Spinner } from "../../components/ui/Spinner";
import { ApiError, api } from "../../lib/api";
import { cn } from "../../lib/cn";
import type { InvitationPreview, Session } from "../../lib/types";
import { AuthFrame, FormAlert } from "./AuthFrame";
import { useAuth } from "./AuthProvider";

type Mode = "new" | "existing";

/**
 * The invitation link's page. Signed in with the invited address: one click joins. Otherwise the invitee
 * sets a name and password, or signs in with the account they have; either way they join and land in the inbox.
 */
export function AcceptInvitePage() {
  const { token = "" } = useParams();
  const { status, session, adopt, signOut } = useAuth();
  const navigate = useNavigate();
  const [mode, setMode] = useState<Mode>("new");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const preview = useQuery({
    queryKey: ["invitation", token],
    queryFn: ({ signal }) =>
      api<InvitationPreview>(`/api/invitations/${encodeURIComponent(token)}`, { signal, noRefresh: true }),
    retry: false,
  });

  async function accept(body: Record<string, string>) {
    setBusy(true);
    setFields({});
    setFormError(null);
    try {
      const s = await api<Session>(`/api/invitations/${encodeURIComponent(token)}/accept`, { body });
      await adopt(s);
      navigate("/inbox", { replace: true });
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        if (err.code === "invalid_credentials")
          setFormError(
            mode === "new"
              ? "This address may already have an account: choose “I have an account” and use its password."
              : "That password doesn't match the account.",
          );
        else if (!Object.keys(err.fields).length) setFormError(err.message);
      } else setFormError("Something went wrong. Try again.");
      setBusy(false);
    }
  }
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    accept(mode === "new" ? { name: data.name, password: data.password } : { password: data.password });
  };

  if (preview.isPending || status === "loading")
    return (
      <div className="flex h-full items-center justify-center text-zinc-400" role="status" aria-label="Loading">
        <Spinner className="h-6 w-6" />
      </div>
    );
  if (preview.isError)
    return (
      <AuthFrame title="This invitation can't be used">
        <p className="text-sm text-zinc-600">
          The link has expired, was revoked, or was already used. Ask whoever invited you to send a new one.
        </p>
        <Link to="/signin" className="mt-6 inline-block text-sm font-medium text-accent-700 hover:underline">
          Go to sign in
        </Link>
      </AuthFrame>
    );

  const inv = preview.data;
  const title = `Join ${inv.workspaceName}`;
  const intro = `${inv.invitedBy ? `${inv.invitedBy} invited you` : "You're invited"} to join as ${inv.role === "ADMIN" ? "an admin" : "an agent"}.`;

  if (status === "signedIn" && session) {
    const mine = session.user.email === inv.email;
    return (
      <AuthFrame title={title} intro={intro}>
        {mine ? (
          <>
            <p className="text-sm text-zinc-600">
              You're signed in as <strong className="font-medium text-zinc-900">{session.user.email}</strong>.
            </p>
            {formError && <FormAlert>{formError}</FormAlert>}
            <Button variant="primary" className="mt-6 w-full justify-center" loading={busy} onClick={() => accept({})}>
              Join {inv.workspaceName}
            </Button>
          </>
        ) : (
          <>
            <p className="text-sm text-zinc-600">
              This invitation is for <strong className="font-medium text-zinc-900">{inv.email}</strong>, but you're
              signed in as {session.user.email}.
            </p>
            <Button className="mt-6 w-full justify-center" onClick={() => signOut()}>
              Sign out and continue
            </Button>
          </>
        )}
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={title} intro={intro}>
      <div
        role="tablist"
        aria-label="New account or existing"
        className="grid grid-cols-2 rounded-lg bg-zinc-100 p-1 text-sm font-medium"
      >
        {(["new", "existing"] as const).map((m) => (
          <button
            key={m}
            role="tab"
            type="button"
            aria-selected={mode === m}
            onClick={() => {
              setMode(m);
              setFields({});
              setFormError(null);
            }}
            className={cn(
              "rounded-md py-1.5 transition",
              mode === m ? "bg-white text-zinc-900 shadow-sm" : "text-zinc-500 hover:text-zinc-800",
            )}
          >
            {m === "new" ? "I'm new to Parley" : "I have an account"}
          </button>
        ))}
      </div>
      <form key={mode} onSubmit={onSubmit} className="mt-6 space-y-4" noValidate aria-label="Accept invitation">
        <Field label="Email" name="email" value={inv.email} readOnly disabled />
        {mode === "new" && <Field label="Your name" name="name" autoComplete="name" autoFocus error={fields.name} />}
        <Field
          label={mode === "new" ? "Choose a password" : "Password"}
          name="password"
          type="password"
          autoComplete={mode === "new" ? "new-password" : "current-password"}
          autoFocus={mode === "existing"}
          hint={mode === "new" ? "At least 8 characters." : undefined}
          error={fields.password}
        />
        {formError && <FormAlert>{formError}</FormAlert>}
        <Button type="submit" variant="primary" className="w-full justify-center" loading={busy}>
          Join {inv.workspaceName}
        </Button>
        {mode === "existing" && (
          <Link to="/forgot-password" className="block text-center text-sm text-zinc-500 hover:text-zinc-800">
            Forgot password?
          </Link>
        )}
      </form>
    </AuthFrame>
  );
}
