import { cn } from "../../lib/cn";
import type { Platform } from "../../lib/types";

export const platformName: Record<Platform, string> = {
  MESSENGER: "Messenger",
  INSTAGRAM: "Instagram",
  WHATSAPP: "WhatsApp",
};

const bg: Record<Platform, string> = {
  MESSENGER: "bg-messenger",
  INSTAGRAM: "bg-gradient-to-tr from-[#f9a825] via-instagram to-[#8e24aa]",
  WHATSAPP: "bg-whatsapp",
};

/** White glyphs, simplified from each platform's mark. */
function Glyph({ platform }: { platform: Platform }) {
  switch (platform) {
    case "MESSENGER":
      return (
        <path
          fill="currentColor"
          d="M12 3C6.9 3 3 6.7 3 11.4c0 2.5 1.1 4.6 2.9 6.1V21l2.7-1.5c1 .3 2.2.4 3.4.4 5.1 0 9-3.7 9-8.4S17.1 3 12 3Zm.9 11.3-2.3-2.4-4.4 2.4 4.9-5.2 2.3 2.4 4.4-2.4-4.9 5.2Z"
        />
      );
    case "INSTAGRAM":
      return (
        <g fill="none" stroke="currentColor" strokeWidth="2">
          <rect x="4.5" y="4.5" width="15" height="15" rx="4.5" />
          <circle cx="12" cy="12" r="3.4" />
          <circle cx="16.6" cy="7.4" r=".6" fill="currentColor" stroke="none" />
        </g>
      );
    case "WHATSAPP":
      return (
        <path
          fill="currentColor"
          d="M12 3.2a8.8 8.8 0 0 0-7.6 13.2L3.2 20.8l4.5-1.2A8.8 8.8 0 1 0 12 3.2Zm4.6 12.2c-.2.6-1.1 1.1-1.6 1.2-.4.1-.9.1-1.5-.1-.3-.1-.8-.3-1.4-.5-2.4-1-4-3.5-4.1-3.6-.1-.2-1-1.3-1-2.5s.6-1.8.9-2c.2-.3.5-.3.7-.3h.5c.2 0 .4-.1.6.4l.8 1.9c.1.1.1.3 0 .5l-.3.5-.4.4c-.1.1-.3.3-.1.5.1.3.6 1.1 1.4 1.7.9.8 1.7 1.1 2 1.2.2.1.4.1.5-.1l.7-.9c.2-.2.3-.2.6-.1l1.8.9c.3.1.4.2.5.3 0 .2 0 .7-.1 1.4Z"
        />
      );
  }
}

const sizes = { xs: "h-4 w-4", sm: "h-5 w-5", md: "h-6 w-6", lg: "h-9 w-9" };

export function PlatformIcon({
  platform,
  size = "sm",
  className,
  ring,
}: {
  platform: Platform;
  size?: keyof typeof sizes;
  className?: string;
  ring?: boolean;
}) {
  return (
    <span
      role="img"
      aria-label={platformName[platform]}
      title={platformName[platform]}
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded-full text-white",
        bg[platform],
        sizes[size],
        ring && "ring-2 ring-white",
        className,
      )}
    >
      <svg viewBox="0 0 24 24" className="h-[68%] w-[68%]" aria-hidden="true">
        <Glyph platform={platform} />
      </svg>
    </span>
  );
}
