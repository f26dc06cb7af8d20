import { MessagesSquare } from "lucide-react";
import type { ReactNode } from "react";

/** The frame of the small signed-out pages (invitation, forgot and reset password). */
export function AuthFrame({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-full items-center justify-center bg-zinc-50 px-6 py-12">
      <div className="w-full max-w-sm">
        <div className="flex items-center gap-2.5">
          <span className="flex h-9 w-9 items-center justify-center rounded-xl bg-accent-600 text-white shadow-sm">
            <MessagesSquare className="h-5 w-5" />
          </span>
          <span className="text-lg font-semibold tracking-tight">Parley</span>
        </div>
        <h1 className="mt-8 text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        {intro && <p className="mt-2 text-sm text-zinc-500">{intro}</p>}
        <div className="mt-6">{children}</div>
      </div>
    </div>
  );
}

export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-600/10 ring-inset">
      {children}
    </p>
  );
}
