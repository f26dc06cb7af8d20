import {
  Ban,
  BookUser,
  CircleHelp,
  ExternalLink,
  FileText,
  ImageOff,
  MapPin,
  MousePointerClick,
  Phone,
  Sparkles,
} from "lucide-react";
import { cn } from "../../../lib/cn";
import { useMediaUrl } from "../../../lib/media";
import { formatBytes } from "../../../lib/time";
import type { Attachment, Message } from "../../../lib/types";
import { openStreetMapUrl, rendererFor } from "./messageKinds";

/** The body of one message, shown the way a person expects for its kind. */
export function MessageContent({ m }: { m: Message }) {
  const out = m.direction === "OUT";
  const r = rendererFor(m);
  const att = m.attachments?.[0];
  switch (r) {
    case "deleted":
      return (
        <Bubble out={out} muted>
          <span className="inline-flex items-center gap-1.5 italic">
            <Ban className="h-3.5 w-3.5" aria-hidden="true" /> This message was deleted
          </span>
        </Bubble>
      );
    case "text":
      return (
        <Bubble out={out}>
          <Text text={m.text} />
        </Bubble>
      );
    case "image":
      return (
        <Media>
          {att ? <Image att={att} sticker={m.kind === "sticker"} /> : <Missing label="Image unavailable" />}
          {(att?.caption || m.text) && (
            <Bubble out={out}>
              <Text text={att?.caption || m.text} />
            </Bubble>
          )}
        </Media>
      );
    case "video":
      return (
        <Media>
          {att ? <Video att={att} /> : <Missing label="Video unavailable" />}
          {(att?.caption || m.text) && (
            <Bubble out={out}>
              <Text text={att?.caption || m.text} />
            </Bubble>
          )}
        </Media>
      );
    case "audio":
      return att ? <Audio att={att} out={out} /> : <Missing label="Voice message unavailable" />;
    case "file":
      return att ? <FileCard att={att} out={out} text={m.text} /> : <Missing label="File unavailable" />;
    case "location": {
      const loc = m.meta?.location;
      if (!loc) return <Missing label="Location unavailable" />;
      return (
        <a
          href={openStreetMapUrl(loc.latitude, loc.longitude)}
          target="_blank"
          rel="noreferrer"
          className="group block w-64 overflow-hidden rounded-2xl bg-white ring-1 ring-zinc-200 hover:ring-zinc-300"
          aria-label={`Location: ${loc.name ?? `${loc.latitude}, ${loc.longitude}`} (opens map)`}
        >
          <div className="relative h-24 bg-[linear-gradient(135deg,#e0f2fe_25%,#dcfce7_25%,#dcfce7_50%,#e0f2fe_50%,#e0f2fe_75%,#dcfce7_75%)] bg-[length:24px_24px]">
            <MapPin
              className="absolute top-1/2 left-1/2 h-8 w-8 -translate-x-1/2 -translate-y-full fill-red-500 text-white drop-shadow"
              aria-hidden="true"
            />
          </div>
          <div className="px-3 py-2">
            <p className="truncate text-sm font-medium text-zinc-900">{loc.name || "Shared location"}</p>
            <p className="truncate text-xs text-zinc-500">
              {loc.address || `${loc.latitude.toFixed(5)}, ${loc.longitude.toFixed(5)}`}
            </p>
            <p className="mt-1 inline-flex items-center gap-1 text-xs font-medium text-accent-600 group-hover:underline">
              Open in map <ExternalLink className="h-3 w-3" aria-hidden="true" />
            </p>
          </div>
        </a>
      );
    }
    case "contacts":
      return (
        <div className="w-64 space-y-2">
          {(m.meta?.contacts ?? []).map((c) => (
            <div
              key={`${c.name}:${c.phones?.join()}`}
              className="rounded-2xl bg-white px-3 py-2.5 ring-1 ring-zinc-200"
            >
              <p className="flex items-center gap-2 text-sm font-medium text-zinc-900">
                <BookUser className="h-4 w-4 text-zinc-400" aria-hidden="true" /> {c.name}
              </p>
              {(c.phones ?? []).map((p) => (
                <a
                  key={p}
                  href={`tel:${p}`}
                  className="mt-1 flex items-center gap-2 text-sm text-accent-600 hover:underline"
                >
                  <Phone className="h-3.5 w-3.5" aria-hidden="true" /> {p}
                </a>
              ))}
            </div>
          ))}
          {!m.meta?.contacts?.length && <Missing label="Shared contact" />}
        </div>
      );
    case "story":
      return <Story m={m} out={out} />;
    case "chip":
      return <Chip m={m} out={out} />;
    case "template":
      return (
        <Bubble out={out}>
          <span className="mb-1 flex items-center gap-1 text-[11px] font-medium opacity-75">
            <Sparkles className="h-3 w-3" aria-hidden="true" /> Template{templateName(m) ? ` · ${templateName(m)}` : ""}
          </span>
          <Text text={m.text && m.text !== templateName(m) ? m.text : "Approved message template"} />
        </Bubble>
      );
    default:
      return (
        <Bubble out={out} muted>
          <span className="inline-flex items-center gap-1.5 italic">
            <CircleHelp className="h-3.5 w-3.5" aria-hidden="true" /> This message type isn't supported here. Open it in
            the app.
          </span>
        </Bubble>
      );
  }
}

function templateName(m: Message): string | undefined {
  return (m.meta?.template as { name?: string } | undefined)?.name;
}

export function Bubble({ out, muted, children }: { out: boolean; muted?: boolean; children: React.ReactNode }) {
  return (
    <div
      className={cn(
        "w-fit max-w-full rounded-2xl px-3.5 py-2 text-[14px] leading-relaxed break-words",
        muted
          ? "bg-zinc-100 text-zinc-500"
          : out
            ? "bg-accent-600 text-white"
            : "bg-white text-zinc-900 ring-1 ring-zinc-200",
        out ? "rounded-br-md" : "rounded-bl-md",
      )}
    >
      {children}
    </div>
  );
}

function Text({ text }: { text: string | null | undefined }) {
  return <p className="whitespace-pre-wrap">{text}</p>;
}

function Media({ children }: { children: React.ReactNode }) {
  return <div className="flex flex-col gap-1 [&>*:first-child]:self-inherit">{children}</div>;
}

function Missing({ label, onRetry }: { label: string; onRetry?: () => void }) {
  return (
    <div className="flex h-20 w-48 items-center justify-center gap-2 rounded-2xl bg-zinc-100 text-xs text-zinc-500">
      <ImageOff className="h-4 w-4" aria-hidden="true" /> {label}
      {onRetry && (
        <button type="button" onClick={onRetry} className="font-medium text-zinc-700 underline">
          Retry
        </button>
      )}
    </div>
  );
}

function Image({ att, sticker }: { att: Attachment; sticker?: boolean }) {
  const { src, imageSrc, error, retry } = useMediaUrl(att.url ?? undefined);
  if (error) return <Missing label="Image unavailable" onRetry={retry} />;
  if (!src)
    return <div className={cn("animate-pulse rounded-2xl bg-zinc-200/70", sticker ? "h-28 w-28" : "h-48 w-64")} />;
  return (
    <a href={src} target="_blank" rel="noreferrer" className="block w-fit">
      <img
        src={imageSrc}
        alt={att.caption || (sticker ? "Sticker" : "Image")}
        loading="lazy"
        className={cn(
          sticker
            ? "h-28 w-28 object-contain"
            : "max-h-72 max-w-64 rounded-2xl object-cover ring-1 ring-zinc-950/5 sm:max-w-72",
        )}
      />
    </a>
  );
}

function Video({ att }: { att: Attachment }) {
  const { src, error, retry } = useMediaUrl(att.url ?? undefined);
  if (error) return <Missing label="Video unavailable" onRetry={retry} />;
  if (!src) return <div className="h-40 w-64 animate-pulse rounded-2xl bg-zinc-200/70" />;
  return (
    // biome-ignore lint/a11y/useMediaCaption: customer media has no caption track
    <video
      src={src}
      controls
      preload="metadata"
      className="max-h-72 w-64 rounded-2xl bg-black sm:w-72"
      aria-label="Video"
    />
  );
}

function Audio({ att, out }: { att: Attachment; out: boolean }) {
  const { src, error, retry } = useMediaUrl(att.url ?? undefined);
  if (error) return <Missing label="Voice message unavailable" onRetry={retry} />;
  return (
    <div className={cn("rounded-2xl p-1.5", out ? "bg-accent-600" : "bg-white ring-1 ring-zinc-200")}>
      {/* biome-ignore lint/a11y/useMediaCaption: voice notes have no captions */}
      <audio src={src} controls preload="metadata" className="h-10 w-64" aria-label="Voice message" />
    </div>
  );
}

function FileCard({ att, out, text }: { att: Attachment; out: boolean; text: string | null }) {
  const { src } = useMediaUrl(att.url ?? undefined);
  const name =
    att.filename ||
    (!att.url || att.url.startsWith("/api/")
      ? "File"
      : decodeURIComponent(att.url.split("/").pop()?.split("?")[0] || "File"));
  return (
    <a
      href={src}
      download={name}
      target="_blank"
      rel="noreferrer"
      className={cn(
        "flex w-64 items-center gap-3 rounded-2xl px-3 py-2.5",
        out
          ? "bg-accent-600 text-white hover:bg-accent-700"
          : "bg-white text-zinc-900 ring-1 ring-zinc-200 hover:bg-zinc-50",
      )}
    >
      <span
        className={cn(
          "flex h-9 w-9 shrink-0 items-center justify-center rounded-lg",
          out ? "bg-white/15" : "bg-zinc-100 text-zinc-500",
        )}
      >
        <FileText className="h-4 w-4" aria-hidden="true" />
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium">{name}</span>
        <span className={cn("block text-xs", out ? "text-white/70" : "text-zinc-500")}>
          {[formatBytes(att.size), att.mimeType?.split("/").pop()?.toUpperCase()].filter(Boolean).join(" · ") ||
            "Download"}
        </span>
      </span>
      {text && <span className="sr-only">{text}</span>}
    </a>
  );
}

function Story({ m, out }: { m: Message; out: boolean }) {
  const url = m.meta?.story?.url || m.attachments?.[0]?.url;
  const { imageSrc: src, error } = useMediaUrl(url || undefined);
  const label =
    m.kind === "story_mention"
      ? "Mentioned you in their story"
      : out
        ? "You replied to their story"
        : "Replied to your story";
  return (
    <div className={cn("flex flex-col gap-1", out ? "items-end" : "items-start")}>
      <p className="text-xs text-zinc-500">{label}</p>
      {src && !error ? (
        <img
          src={src}
          alt="Story"
          className="h-48 w-28 rounded-xl object-cover ring-1 ring-zinc-950/5"
          loading="lazy"
        />
      ) : (
        <div className="flex h-48 w-28 items-center justify-center rounded-xl bg-zinc-100 px-3 text-center text-xs text-zinc-500 ring-1 ring-zinc-200">
          Story no longer available
        </div>
      )}
      {m.text && (
        <Bubble out={out}>
          <Text text={m.text} />
        </Bubble>
      )}
    </div>
  );
}

function Chip({ m, out }: { m: Message; out: boolean }) {
  const meta = m.meta ?? {};
  let title = m.text ?? "";
  let detail = "";
  if (m.kind === "postback") {
    title = meta.postback?.title || m.text || "Button tapped";
    detail = "Tapped a button";
  } else if (m.kind === "referral") {
    const ref = meta.referral ?? {};
    title =
      ref.source === "ADS" || ref.ad_id
        ? `From an ad${ref.ad_id ? ` (${ref.ad_id})` : ""}`
        : `Via ${ref.source?.toLowerCase() ?? "a link"}${ref.ref ? ` · ${ref.ref}` : ""}`;
    detail = "Started the conversation";
  } else {
    title = meta.interactive?.title || m.text || "Option chosen";
    detail = meta.interactive?.description || "Chose an option";
  }
  return (
    <div className={cn("flex flex-col gap-1", out ? "items-end" : "items-start")}>
      <span
        className="inline-flex items-center gap-1.5 rounded-full bg-accent-50 px-3 py-1.5 text-sm font-medium text-accent-700 ring-1 ring-accent-600/15 ring-inset"
        data-chip={m.kind}
      >
        <MousePointerClick className="h-3.5 w-3.5" aria-hidden="true" />
        {title}
      </span>
      <span className="px-1 text-[11px] text-zinc-400">{detail}</span>
      {m.kind !== "postback" && m.kind !== "interactive" && m.kind !== "button" && m.text && (
        <Bubble out={out}>
          <Text text={m.text} />
        </Bubble>
      )}
    </div>
  );
}
