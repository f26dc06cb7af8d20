import type { ReactNode } from "react";
import {
  DropdownContent,
  DropdownItem,
  DropdownLabel,
  DropdownRoot,
  DropdownTrigger,
} from "../../../components/ui/Dropdown";
import type { ConversationPriority } from "../../../lib/types";
import { PRIORITIES, PriorityIcon } from "./priority";

/** The five priorities, most urgent first, each with its inbox shortcut. */
export function PriorityMenu({
  trigger,
  value,
  onChange,
}: {
  trigger: ReactNode;
  value?: ConversationPriority;
  onChange: (p: ConversationPriority) => void;
}) {
  return (
    <DropdownRoot>
      <DropdownTrigger asChild>{trigger}</DropdownTrigger>
      <DropdownContent>
        <DropdownLabel>Priority</DropdownLabel>
        {PRIORITIES.map((p) => (
          <DropdownItem
            key={p.value}
            icon={<PriorityIcon priority={p.value} />}
            checked={value === p.value}
            onSelect={() => onChange(p.value)}
          >
            <span className="flex items-center justify-between gap-4">
              {p.label}
              <kbd className="rounded border border-zinc-200 px-1 font-sans text-[11px] text-zinc-400">{p.key}</kbd>
            </span>
          </DropdownItem>
        ))}
      </DropdownContent>
    </DropdownRoot>
  );
}
