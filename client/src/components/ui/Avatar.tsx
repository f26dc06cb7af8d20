import * as A from "@radix-ui/react-avatar";
import { cn } from "../../lib/cn";
import { useMediaUrl } from "../../lib/media";

const palette = [
  "bg-rose-100 text-rose-700",
  "bg-amber-100 text-amber-800",
  "bg-emerald-100 text-emerald-700",
  "bg-sky-100 text-sky-700",
  "bg-violet-100 text-violet-700",
  "bg-teal-100 text-teal-700",
  "bg-orange-100 text-orange-700",
  "bg-indigo-100 text-indigo-700",
];

export function initials(name: string | null | undefined): string {
  const parts = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  return ((parts[0][0] ?? "") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

function colourFor(seed: string): string {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return palette[h % palette.length];
}

const sizes = { xs: "h-6 w-6 text-[10px]", sm: "h-8 w-8 text-xs", md: "h-10 w-10 text-sm", lg: "h-12 w-12 text-base" };

/**
 * A person's picture, or their initials. `src` is a contact's picture on Meta's CDN, or a member's avatar
 * behind Parley's API (`/api/...`), which is fetched with the bearer token like any of our media.
 */
export function Avatar({
  name,
  src,
  size = "md",
  className,
}: {
  name: string | null | undefined;
  src?: string | null;
  size?: keyof typeof sizes;
  className?: string;
}) {
  const { imageSrc } = useMediaUrl(src ?? undefined);
  return (
    <A.Root
      className={cn(
        "relative inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full select-none",
        sizes[size],
        className,
      )}
    >
      {imageSrc && (
        <A.Image src={imageSrc} alt="" className="h-full w-full object-cover" referrerPolicy="no-referrer" />
      )}
      <A.Fallback
        className={cn("flex h-full w-full items-center justify-center font-semibold", colourFor(name ?? "?"))}
        delayMs={src ? 400 : 0}
      >
        {initials(name)}
      </A.Fallback>
    </A.Root>
  );
}
