import { forwardRef, type InputHTMLAttributes, type ReactNode, useId } from "react";
import { cn } from "../../lib/cn";

const base =
  "h-9 w-full rounded-lg border bg-white px-3 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 transition focus:ring-3 focus:outline-none disabled:bg-zinc-50";
const valid = "border-zinc-200 focus:border-accent-500 focus:ring-accent-500/15";
const invalid = "border-red-400 focus:border-red-500 focus:ring-red-500/15";
export const inputClass = `${base} ${valid}`;

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, ...rest },
  ref,
) {
  const bad = rest["aria-invalid"] === true || rest["aria-invalid"] === "true";
  return <input ref={ref} className={cn(base, bad ? invalid : valid, className)} {...rest} />;
});

export interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: ReactNode;
}

/** A labelled input whose error sits right beside it and is announced with it. */
export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field(
  { label, error, hint, id, className, ...rest },
  ref,
) {
  const auto = useId();
  const inputId = id ?? auto;
  const msgId = `${inputId}-msg`;
  // Server messages may start lower-case ("is invalid or expired"): shown on their own, they read as a sentence.
  const message = error ? error.charAt(0).toUpperCase() + error.slice(1) : undefined;
  return (
    <div className={cn("space-y-1.5", className)}>
      <label htmlFor={inputId} className="block text-[13px] font-medium text-zinc-700">
        {label}
      </label>
      <Input
        ref={ref}
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? msgId : undefined}
        {...rest}
      />
      {error ? (
        <p id={msgId} className="text-[13px] text-red-600" data-field-error={rest.name}>
          {message}
        </p>
      ) : hint ? (
        <p id={msgId} className="text-[13px] text-zinc-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
});
