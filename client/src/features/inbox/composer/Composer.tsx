import * as Popover from "@radix-ui/react-popover";
import { Paperclip, SendHorizontal, X } from "lucide-react";
import { forwardRef, useImperativeHandle, useMemo, useRef, useState } from "react";
import { Button } from "../../../components/ui/Button";
import { Input } from "../../../components/ui/Input";
import { toast } from "../../../components/ui/Toast";
import { TriggerMenu } from "../../../components/ui/TriggerMenu";
import { useNow } from "../../../hooks/useNow";
import { ApiError } from "../../../lib/api";
import { cn } from "../../../lib/cn";
import { contactName } from "../../../lib/contact";
import type { Conversation } from "../../../lib/types";
import { useSavedReplyPicker } from "../../saved-replies";
import { type SendInput, useReplyWindow, useSendMessage } from "./hooks";
import { ReplyWindowIndicator } from "./ReplyWindowIndicator";
import { computeReplyWindow, describeReplyWindow } from "./replyWindow";
import { TemplatePicker } from "./TemplatePicker";
import { useTypingSignal } from "./typing";

type AttachmentType = "image" | "video" | "audio" | "file";

function guessType(url: string): AttachmentType {
  const ext = url.split("?")[0].split(".").pop()?.toLowerCase() ?? "";
  if (["jpg", "jpeg", "png", "gif", "webp"].includes(ext)) return "image";
  if (["mp4", "mov", "webm"].includes(ext)) return "video";
  if (["mp3", "ogg", "m4a", "aac", "wav", "opus"].includes(ext)) return "audio";
  return "file";
}

export const Composer = forwardRef<HTMLTextAreaElement, { conv: Conversation }>(function Composer({ conv }, ref) {
  const now = useNow(60_000);
  const server = useReplyWindow(conv.id);
  const win = useMemo(
    () => describeReplyWindow(server.data ?? computeReplyWindow(conv.platform, conv.lastInboundAt, now), now),
    [server.data, conv.platform, conv.lastInboundAt, now],
  );
  const send = useSendMessage(conv.id);
  const [text, setText] = useState("");
  const [attachment, setAttachment] = useState<{ type: AttachmentType; url: string } | null>(null);
  const [humanAgent, setHumanAgent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => textarea.current as HTMLTextAreaElement);
  const saved = useSavedReplyPicker({ conv, text, setText, textarea });
  // Outside the window Meta refuses typing indicators, and a template or HUMAN_AGENT reply does not need one.
  const typing = useTypingSignal(conv.id, win.canSendText);

  const blocked = !win.canSendText && !(win.humanAgentAvailable && humanAgent);
  const canSend = !blocked && (text.trim().length > 0 || !!attachment);

  function submit(input: SendInput) {
    const clientId = crypto.randomUUID();
    setError(null);
    const prev = { text, attachment };
    if (!input.template) {
      setText("");
      setAttachment(null);
    }
    send.mutate(
      { clientId, input },
      {
        onError: (e) => {
          if (!input.template) {
            setText(prev.text);
            setAttachment(prev.attachment);
          }
          if (e instanceof ApiError && (e.code === "outside_window" || Object.keys(e.fields).length))
            setError(e.message);
          else toast(e.message, "error");
          server.refetch();
        },
      },
    );
  }

  function onSend() {
    if (!canSend) return;
    submit({
      text: text.trim() || undefined,
      attachment: attachment ?? undefined,
      tag: !win.canSendText && humanAgent ? "HUMAN_AGENT" : undefined,
    });
  }

  return (
    <div className="px-3 pt-2 pb-3 sm:px-4">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <ReplyWindowIndicator state={win} />
        {win.humanAgentAvailable && (
          <label className="inline-flex items-center gap-2 text-xs text-zinc-600">
            <input
              type="checkbox"
              checked={humanAgent}
              onChange={(e) => setHumanAgent(e.target.checked)}
              className="h-3.5 w-3.5 accent-accent-600"
            />
            Send with the human-agent tag
          </label>
        )}
      </div>
      <div
        className={cn(
          "relative rounded-xl border bg-white shadow-xs transition focus-within:border-accent-500 focus-within:ring-3 focus-within:ring-accent-500/15",
          blocked ? "border-zinc-200 bg-zinc-50" : "border-zinc-300",
        )}
      >
        {attachment && (
          <div className="flex items-center gap-2 border-b border-zinc-100 px-3 py-2 text-xs">
            <Paperclip className="h-3.5 w-3.5 text-zinc-400" aria-hidden="true" />
            <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-medium text-zinc-600 capitalize">
              {attachment.type}
            </span>
            <span className="min-w-0 flex-1 truncate text-zinc-600">{attachment.url}</span>
            <button
              type="button"
              onClick={() => setAttachment(null)}
              aria-label="Remove attachment"
              className="rounded p-0.5 text-zinc-400 hover:text-zinc-700"
            >
              <X className="h-3.5 w-3.5" />
            </button>
          </div>
        )}
        {saved.open && (
          <TriggerMenu
            label="Saved replies"
            options={saved.menuOptions}
            active={saved.active}
            onPick={saved.pick}
            empty="No saved reply matches — add them in Settings → Saved replies"
          />
        )}
        <textarea
          ref={textarea}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            saved.reset();
            saved.track();
            if (e.target.value.trim()) typing();
          }}
          onSelect={saved.track}
          onKeyDown={(e) => {
            if (saved.onKeyDown(e)) return;
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              onSend();
            }
            if (e.key === "Escape") e.currentTarget.blur();
          }}
          disabled={blocked}
          rows={2}
          placeholder={
            blocked
              ? win.needsTemplate
                ? "Free text is closed — pick a template to restart the conversation"
                : win.humanAgentAvailable
                  ? "Tick “human-agent tag” to reply outside the window"
                  : "You can reply once the customer writes again"
              : `Reply to ${contactName(conv.contact, conv.platform)}…`
          }
          aria-label="Reply"
          className="block max-h-48 min-h-[3.25rem] w-full resize-none bg-transparent px-3 py-2.5 text-sm placeholder:text-zinc-400 focus:outline-none disabled:cursor-not-allowed"
        />
        <div className="flex items-center gap-1 px-2 pb-2">
          <AttachmentButton disabled={blocked} onAttach={setAttachment} />
          {conv.platform === "WHATSAPP" && (
            <TemplatePicker
              accountId={conv.accountId}
              highlight={win.needsTemplate}
              onPick={(t) =>
                submit({
                  template: { name: t.name, language: t.language, components: t.components },
                  preview: t.preview,
                })
              }
            />
          )}
          <span className="ml-auto hidden text-[11px] text-zinc-400 sm:inline">
            Enter to send · Shift+Enter for a new line
          </span>
          <Button
            variant="primary"
            size="sm"
            onClick={onSend}
            disabled={!canSend}
            aria-label="Send reply"
            className="ml-auto sm:ml-2"
          >
            <SendHorizontal className="h-4 w-4" aria-hidden="true" />
            <span className="hidden sm:inline">Send</span>
          </Button>
        </div>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
});

function AttachmentButton({
  disabled,
  onAttach,
}: {
  disabled: boolean;
  onAttach: (a: { type: AttachmentType; url: string }) => void;
}) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState("");
  const [type, setType] = useState<AttachmentType | "auto">("auto");
  const valid = /^https?:\/\/\S+$/.test(url.trim());
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <Button size="icon-sm" variant="ghost" disabled={disabled} aria-label="Attach a file by URL">
          <Paperclip className="h-4 w-4" />
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          side="top"
          align="start"
          sideOffset={8}
          className="z-50 w-80 rounded-xl bg-white p-3 shadow-lg ring-1 ring-zinc-950/8 data-[state=open]:animate-in"
        >
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!valid) return;
              onAttach({ type: type === "auto" ? guessType(url.trim()) : type, url: url.trim() });
              setUrl("");
              setOpen(false);
            }}
            className="space-y-2.5"
          >
            <label htmlFor="attach-url" className="block text-[13px] font-medium text-zinc-700">
              Attachment URL
            </label>
            <Input
              id="attach-url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://…/photo.jpg"
              autoFocus
            />
            <div className="flex gap-1" role="radiogroup" aria-label="Attachment type">
              {(["auto", "image", "video", "audio", "file"] as const).map((t) => (
                // biome-ignore lint/a11y/useSemanticElements: segmented control styled as buttons
                <button
                  key={t}
                  type="button"
                  role="radio"
                  aria-checked={type === t}
                  onClick={() => setType(t)}
                  className={cn(
                    "rounded-md px-2 py-1 text-xs capitalize",
                    type === t ? "bg-zinc-900 text-white" : "bg-zinc-100 text-zinc-600 hover:bg-zinc-200",
                  )}
                >
                  {t}
                </button>
              ))}
            </div>
            <p className="text-xs text-zinc-500">A public link the platform can download (HTTPS).</p>
            <div className="flex justify-end">
              <Button type="submit" size="sm" variant="primary" disabled={!valid}>
                Attach
              </Button>
            </div>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
