import { type KeyboardEvent, type RefObject, useState } from "react";
import { findTrigger, replaceTrigger } from "./findTrigger";

/**
 * A picker opened by typing `trigger` in a textarea, driven from the keyboard without leaving it: ↑/↓ move,
 * Enter or Tab picks, Escape closes. `insert` gives the text that replaces the trigger word.
 */
export function useTriggerPicker<T>(opts: {
  trigger: string;
  text: string;
  setText: (text: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  search: (query: string) => T[];
  insert: (item: T) => string;
  onPicked?: (item: T) => void;
}) {
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const found = findTrigger(opts.text, caret, opts.trigger);
  const open = !!found && dismissedAt !== found.start;
  const options = open ? opts.search(found.query) : [];
  const current = Math.min(active, Math.max(options.length - 1, 0));

  const track = () => {
    const el = opts.textarea.current;
    if (el) setCaret(el.selectionStart ?? el.value.length);
  };

  const pick = (index: number) => {
    const item = options[index];
    if (!found || !item) return;
    const next = replaceTrigger(opts.text, caret, found.start, opts.insert(item));
    opts.setText(next.text);
    opts.onPicked?.(item);
    setCaret(next.caret);
    setActive(0);
    requestAnimationFrame(() => {
      const el = opts.textarea.current;
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  /** Call first from the textarea's onKeyDown; true means the picker used the key. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    if (e.key === "Escape") {
      setDismissedAt(found.start);
    } else if (e.key === "ArrowDown" && options.length) {
      setActive((current + 1) % options.length);
    } else if (e.key === "ArrowUp" && options.length) {
      setActive((current - 1 + options.length) % options.length);
    } else if ((e.key === "Enter" || e.key === "Tab") && options.length && !e.shiftKey) {
      pick(current);
    } else {
      return false;
    }
    e.preventDefault();
    return true;
  };

  return {
    open,
    options,
    active: current,
    pick,
    onKeyDown,
    /** Wire to onSelect so the picker follows the caret (typing, clicks, arrow keys). */
    track,
    /** Call on every edit: a new query starts at the top of its list. */
    reset: () => setActive(0),
  };
}
