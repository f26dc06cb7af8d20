import * as Popover from "@radix-ui/react-popover";
import { CornerUpLeft, FileText, Link2, Paperclip, SendHorizontal, X } from "lucide-react";
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
import { useReportTyping } from "../live/presence";
import { summarise } from "../thread/messageKinds";
import { useReplyTarget } from "../thread/replyTarget";
import { type SendInput, useReplyWindow, useSendMessage } from "./hooks";
import { ReplyWindowIndicator } from "./ReplyWindowIndicator";
import { computeReplyWindow, describeReplyWindow } from "./replyWindow";
import { TemplatePicker } from "./TemplatePicker";
import { useTypingSignal } from "./typing";
import { type PendingFile, usePendingFiles } from "./uploads";

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
  const pending = usePendingFiles(conv.id);
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const { target: replyTo, setTarget: setReplyTo } = useReplyTarget();
  const reportTyping = useReportTyping();

  const blocked = !win.canSendText && !(win.humanAgentAvailable && humanAgent);
  const canSend =
    !blocked && !pending.uploading && (text.trim().length > 0 || !!attachment || pending.ready.length > 0);

  function submit(input: SendInput) {
    const clientId = crypto.randomUUID();
    setError(null);
    const prev = { text, attachment, files: pending.files, replyTo };
    reportTyping.stopped();
    if (!input.template) {
      setText("");
      setAttachment(null);
      pending.clear();
      setReplyTo(null);
    }
    send.mutate(
      { clientId, input },
      {
        onError: (e) => {
          if (!input.template) {
            setText(prev.text);
            setAttachment(prev.attachment);
            pending.restore(prev.files);
            setReplyTo(prev.replyTo);
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
    const uploads = pending.ready.map((f) => ({ uploadId: f.upload!.uploadId }));
    submit({
      text: text.trim() || undefined,
      attachment: attachment ?? undefined,
      attachments: uploads.length ? uploads : undefined,
      uploadKinds: pending.ready.map((f) => f.upload!.kind),
      replyTo: replyTo ?? undefined,
      tag: !win.canSendText && humanAgent ? "HUMAN_AGENT" : undefined,
    });
  }

  const takeFiles = (list: FileList | File[] | null | undefined) => {
    if (!list?.length || blocked) return false;
    pending.add(list);
    return true;
  };

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
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the paperclip and paste do the same by keyboard */}
      <div
        className={cn(
          "relative rounded-xl border bg-white shadow-xs transition focus-within:border-accent-500 focus-within:ring-3 focus-within:ring-accent-500/15",
          blocked ? "border-zinc-200 bg-zinc-50" : "border-zinc-300",
          dragging && "border-accent-500 ring-3 ring-accent-500/25",
        )}
        onDragOver={(e) => {
          if (blocked || !e.dataTransfer.types.includes("Files")) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          setDragging(false);
          if (takeFiles(e.dataTransfer.files)) e.preventDefault();
        }}
        data-composer
      >
        {dragging && (
          <div className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center rounded-xl bg-accent-50/90 text-sm font-medium text-accent-700">
            Drop files to attach
          </div>
        )}
        {replyTo && (
          <div className="flex items-center gap-2 border-b border-zinc-100 px-3 py-2 text-xs" data-replying-to>
            <CornerUpLeft className="h-3.5 w-3.5 shrink-0 text-accent-600" aria-hidden="true" />
            <span className="shrink-0 font-medium text-zinc-700">
              Replying to {replyTo.direction === "IN" ? contactName(conv.contact, conv.platform) : "your message"}
            </span>
            <span className="min-w-0 flex-1 truncate text-zinc-500">{summarise(replyTo)}</span>
            <button
              type="button"
              onClick={() => setReplyTo(null)}
              aria-label="Cancel reply"
              className="rounded p-0.5 text-zinc-400 hover:text-zinc-700"
            >
              <X className="h-3.5 w-3.5" />
            </button>
          </div>
        )}
        {pending.files.length > 0 && <FileTray files={pending.files} onRemove={pending.remove} />}
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
            if (e.target.value) reportTyping.typing();
            else reportTyping.stopped();
          }}
          onPaste={(e) => {
            if (takeFiles(e.clipboardData.files)) e.preventDefault();
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
          <Button
            size="icon-sm"
            variant="ghost"
            disabled={blocked}
            aria-label="Attach files"
            onClick={() => fileInput.current?.click()}
          >
            <Paperclip className="h-4 w-4" />
          </Button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            accept="image/*,video/*,audio/*,application/pdf,text/plain,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
            onChange={(e) => {
              takeFiles(e.target.files);
              e.target.value = "";
            }}
            data-testid="file-input"
          />
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
          <Link2 className="h-4 w-4" />
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

/** Files waiting to go: a preview, the upload's progress, what the server found wrong, and a way to drop each. */
function FileTray({ files, onRemove }: { files: PendingFile[]; onRemove: (key: string) => void }) {
  return (
    <ul className="flex flex-wrap gap-2 border-b border-zinc-100 px-3 py-2" aria-label="Files to send">
      {files.map((f) => (
        <li
          key={f.key}
          className={cn(
            "relative w-28 overflow-hidden rounded-lg bg-zinc-50 ring-1 ring-zinc-200",
            f.status === "error" && "ring-red-300",
          )}
          data-upload-status={f.status}
        >
          {f.preview && f.file.type.startsWith("image/") ? (
            <img src={f.preview} alt={f.file.name} className="h-20 w-full object-cover" />
          ) : f.preview ? (
            <video src={f.preview} className="h-20 w-full object-cover" muted />
          ) : (
            <div className="flex h-20 items-center justify-center">
              <FileText className="h-8 w-8 text-zinc-400" aria-hidden="true" />
            </div>
          )}
          <p className="truncate px-1.5 py-1 text-[11px] text-zinc-600" title={f.file.name}>
            {f.file.name}
          </p>
          {f.status === "uploading" && (
            <div
              className="absolute inset-x-1.5 bottom-6 h-1 overflow-hidden rounded-full bg-white/80"
              role="progressbar"
              aria-label={`Uploading ${f.file.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(f.progress * 100)}
            >
              <div className="h-full bg-accent-600 transition-all" style={{ width: `${f.progress * 100}%` }} />
            </div>
          )}
          {f.status === "error" && (
            <p role="alert" className="px-1.5 pb-1 text-[11px] leading-tight text-red-600">
              {f.error}
            </p>
          )}
          <button
            type="button"
            onClick={() => onRemove(f.key)}
            aria-label={`Remove ${f.file.name}`}
            className="absolute top-1 right-1 rounded-full bg-white/90 p-0.5 text-zinc-500 shadow-sm hover:text-zinc-900"
          >
            <X className="h-3 w-3" />
          </button>
        </li>
      ))}
    </ul>
  );
}
