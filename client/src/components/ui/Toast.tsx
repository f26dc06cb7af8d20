import { CheckCircle2, CircleAlert, X } from "lucide-react";
import { useSyncExternalStore } from "react";
import { cn } from "../../lib/cn";

interface ToastItem {
  id: number;
  tone: "success" | "error" | "info";
  message: string;
}

let items: ToastItem[] = [];
let nextId = 1;
const subs = new Set<() => void>();
const emit = () => {
  for (const s of subs) s();
};

export function toast(message: string, tone: ToastItem["tone"] = "success") {
  const id = nextId++;
  items = [...items, { id, tone, message }].slice(-4);
  emit();
  setTimeout(() => dismiss(id), tone === "error" ? 7000 : 4000);
}

function dismiss(id: number) {
  items = items.filter((t) => t.id !== id);
  emit();
}

export function Toaster() {
  const list = useSyncExternalStore(
    (cb) => {
      subs.add(cb);
      return () => subs.delete(cb);
    },
    () => items,
  );
  return (
    <div
      aria-live="polite"
      className="pointer-events-none fixed top-3 left-1/2 z-[60] flex w-[min(24rem,calc(100vw-2rem))] -translate-x-1/2 flex-col items-center gap-2 md:top-20 md:right-5 md:left-auto md:translate-x-0 md:items-end"
    >
      {list.map((t) => (
        <div
          key={t.id}
          role="status"
          className="pointer-events-auto flex max-w-full items-start gap-3 rounded-xl bg-zinc-900 px-4 py-2.5 text-sm text-white shadow-lg animate-in"
        >
          {t.tone === "error" ? (
            <CircleAlert className="mt-0.5 h-4 w-4 shrink-0 text-red-400" />
          ) : (
            <CheckCircle2
              className={cn("mt-0.5 h-4 w-4 shrink-0", t.tone === "success" ? "text-emerald-400" : "text-sky-400")}
            />
          )}
          <p className="flex-1">{t.message}</p>
          <button
            type="button"
            onClick={() => dismiss(t.id)}
            aria-label="Dismiss"
            className="text-zinc-400 hover:text-white"
          >
            <X className="h-4 w-4" />
          </button>
        </div>
      ))}
    </div>
  );
}
