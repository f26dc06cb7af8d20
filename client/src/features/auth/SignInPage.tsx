import { ArrowRight, MessagesSquare } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Input";
import { PlatformIcon } from "../../components/ui/PlatformIcon";
import { ApiError } from "../../lib/api";
import { cn } from "../../lib/cn";
import { useAuth } from "./AuthProvider";

type Mode = "signin" | "register";

export function SignInPage() {
  const { signIn, register } = useAuth();
  const [mode, setMode] = useState<Mode>("signin");
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
      if (mode === "signin") await signIn(data.email, data.password);
      else
        await register({
          name: data.name,
          email: data.email,
          password: data.password,
          workspaceName: data.workspaceName,
        });
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        if (err.code === "invalid_credentials") setFormError("That email and password don't match an account.");
        else if (err.code === "rate_limited")
          setFormError(
            `Too many attempts. Try again${err.retryAfter ? ` in ${Math.ceil(err.retryAfter / 60)} min` : " later"}.`,
          );
        else if (!Object.keys(err.fields).length) setFormError(err.message);
      } else setFormError("Something went wrong. Try again.");
    } finally {
      setBusy(false);
    }
  }

  const switchTo = (m: Mode) => {
    setMode(m);
    setFields({});
    setFormError(null);
  };

  return (
    <div className="flex min-h-full bg-white">
      <div className="flex flex-1 flex-col justify-center px-6 py-12 sm:px-12">
        <div className="mx-auto w-full max-w-sm">
          <div className="flex items-center gap-2.5">
            <span className="flex h-9 w-9 items-center justify-center rounded-xl bg-accent-600 text-white shadow-sm">
              <MessagesSquare className="h-5 w-5" />
            </span>
            <span className="text-lg font-semibold tracking-tight">Parley</span>
          </div>
          <h1 className="mt-10 text-2xl font-semibold tracking-tight text-zinc-900">
            {mode === "signin" ? "Welcome back" : "Create your workspace"}
          </h1>
          <p className="mt-2 text-sm text-zinc-500">
            {mode === "signin"
              ? "Sign in to answer your customers on Messenger, Instagram and WhatsApp."
              : "One inbox for every customer conversation. Free to set up."}
          </p>

          <div
            role="tablist"
            aria-label="Sign in or create an account"
            className="mt-8 grid grid-cols-2 rounded-lg bg-zinc-100 p-1 text-sm font-medium"
          >
            {(["signin", "register"] as const).map((m) => (
              <button
                key={m}
                role="tab"
                type="button"
                aria-selected={mode === m}
                onClick={() => switchTo(m)}
                className={cn(
                  "rounded-md py-1.5 transition",
                  mode === m ? "bg-white text-zinc-900 shadow-sm" : "text-zinc-500 hover:text-zinc-800",
                )}
              >
                {m === "signin" ? "Sign in" : "Create account"}
              </button>
            ))}
          </div>

          <form
            key={mode}
            onSubmit={onSubmit}
            className="mt-6 space-y-4"
            noValidate
            aria-label={mode === "signin" ? "Sign in" : "Create account"}
          >
            {mode === "register" && (
              <Field label="Your name" name="name" autoComplete="name" required error={fields.name} />
            )}
            <Field label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete={mode === "signin" ? "current-password" : "new-password"}
              required
              error={fields.password}
              hint={mode === "register" ? "At least 8 characters." : undefined}
            />
            {mode === "signin" && (
              <Link
                to="/forgot-password"
                className="-mt-2 block text-right text-[13px] text-zinc-500 hover:text-zinc-800"
              >
                Forgot password?
              </Link>
            )}
            {mode === "register" && (
              <Field
                label="Business name"
                name="workspaceName"
                autoComplete="organization"
                placeholder="Optional"
                error={fields.workspaceName}
              />
            )}
            {formError && (
              <p
                role="alert"
                className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-600/10 ring-inset"
              >
                {formError}
              </p>
            )}
            <Button type="submit" variant="primary" className="w-full justify-center" loading={busy}>
              {mode === "signin" ? "Sign in" : "Create account"}
              {!busy && <ArrowRight className="h-4 w-4" />}
            </Button>
          </form>
        </div>
      </div>
      <aside className="relative hidden flex-1 overflow-hidden bg-zinc-950 lg:flex lg:flex-col lg:justify-center lg:px-16">
        <div className="absolute inset-0 bg-[radial-gradient(ellipse_at_top_right,rgba(99,102,241,0.35),transparent_60%)]" />
        <div className="relative max-w-md">
          <div className="flex gap-2">
            <PlatformIcon platform="MESSENGER" size="lg" />
            <PlatformIcon platform="INSTAGRAM" size="lg" />
            <PlatformIcon platform="WHATSAPP" size="lg" />
          </div>
          <p className="mt-8 text-3xl leading-tight font-semibold tracking-tight text-white">
            Every customer message, one calm inbox.
          </p>
          <p className="mt-4 text-zinc-400">
            Messenger, Instagram Direct and WhatsApp Business side by side, with live updates, delivery ticks and the
            24‑hour reply window always in view.
          </p>
          <div className="mt-10 space-y-3">
            <Preview
              name="Maya Collins"
              platform="INSTAGRAM"
              text="Do you still have the linen shirt in medium?"
              time="2m"
            />
            <Preview name="Daniel Okafor" platform="WHATSAPP" text="Perfect, see you Thursday at 10!" time="14m" />
            <Preview name="Lucía Romero" platform="MESSENGER" text="Is delivery free over €50?" time="1h" />
          </div>
        </div>
      </aside>
    </div>
  );
}

function Preview({
  name,
  platform,
  text,
  time,
}: {
  name: string;
  platform: "MESSENGER" | "INSTAGRAM" | "WHATSAPP";
  text: string;
  time: string;
}) {
  return (
    <div className="flex items-center gap-3 rounded-xl bg-white/5 px-4 py-3 ring-1 ring-white/10 backdrop-blur">
      <PlatformIcon platform={platform} size="md" />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-white">{name}</p>
        <p className="truncate text-sm text-zinc-400">{text}</p>
      </div>
      <span className="text-xs text-zinc-500">{time}</span>
    </div>
  );
}
