import { AlarmClockOff, CalendarClock, MessageCircleReply } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Button } from "../../../components/ui/Button";
import { Dialog } from "../../../components/ui/Dialog";
import {
  DropdownContent,
  DropdownItem,
  DropdownLabel,
  DropdownRoot,
  DropdownSeparator,
  DropdownTrigger,
} from "../../../components/ui/Dropdown";
import { Input } from "../../../components/ui/Input";
import { formatWake, snoozePresets } from "./snoozePresets";

/**
 * Snooze: the presets, "until they reply", a custom time, and (when snoozed) "Unsnooze". `onChange` gets what
 * PATCH and bulk take: an ISO time, "until_reply", or null.
 */
export function SnoozeMenu({
  trigger,
  snoozed,
  onChange,
}: {
  trigger: ReactNode;
  snoozed: boolean;
  onChange: (until: string | null) => void;
}) {
  const [custom, setCustom] = useState(false);
  const now = new Date();
  return (
    <>
      <DropdownRoot>
        <DropdownTrigger asChild>{trigger}</DropdownTrigger>
        <DropdownContent className="min-w-60">
          <DropdownLabel>Snooze until</DropdownLabel>
          {snoozePresets(now).map((p) => (
            <DropdownItem key={p.id} onSelect={() => onChange(p.until.toISOString())}>
              <span className="flex items-baseline justify-between gap-4">
                {p.label}
                <span className="text-xs text-zinc-400 tabular-nums">{formatWake(p.until, now)}</span>
              </span>
            </DropdownItem>
          ))}
          <DropdownItem icon={<MessageCircleReply className="h-4 w-4" />} onSelect={() => onChange("until_reply")}>
            Until the customer replies
          </DropdownItem>
          <DropdownItem icon={<CalendarClock className="h-4 w-4" />} onSelect={() => setCustom(true)}>
            Custom time…
          </DropdownItem>
          {snoozed && (
            <>
              <DropdownSeparator />
              <DropdownItem icon={<AlarmClockOff className="h-4 w-4" />} onSelect={() => onChange(null)}>
                Unsnooze
              </DropdownItem>
            </>
          )}
        </DropdownContent>
      </DropdownRoot>
      <CustomSnoozeDialog
        open={custom}
        onOpenChange={setCustom}
        onPick={(until) => {
          setCustom(false);
          onChange(until);
        }}
      />
    </>
  );
}

/** A datetime-local value (the agent's zone) for `d`. */
const localValue = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

function CustomSnoozeDialog({
  open,
  onOpenChange,
  onPick,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPick: (until: string) => void;
}) {
  const [value, setValue] = useState(() => localValue(new Date(Date.now() + 3 * 3600_000)));
  const when = new Date(value);
  const valid = !Number.isNaN(when.getTime()) && when.getTime() > Date.now();
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Snooze until…"
      description="The conversation leaves the open list and comes back at this time, or as soon as the customer writes."
      footer={
        <>
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="primary" disabled={!valid} onClick={() => onPick(when.toISOString())}>
            Snooze
          </Button>
        </>
      }
    >
      <label htmlFor="snooze-custom-time" className="block text-[13px] font-medium text-zinc-700">
        Date and time
        <Input
          id="snooze-custom-time"
          type="datetime-local"
          value={value}
          min={localValue(new Date())}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={!valid}
          className="mt-1"
        />
      </label>
      {!valid && <p className="mt-1.5 text-[13px] text-red-600">Pick a time in the future.</p>}
    </Dialog>
  );
}
