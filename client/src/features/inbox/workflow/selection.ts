import { useCallback, useMemo, useRef, useState } from "react";

/**
 * Which conversations are ticked for a bulk action. A plain tick toggles one and becomes the anchor; a
 * shift-tick ticks (or, when the anchor was unticked, unticks) every row between the anchor and it, as in a mail
 * client. `order` is the list as shown, so a range follows the screen.
 */
export function useSelection() {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);

  const toggle = useCallback((id: string, opts: { range?: boolean; order?: string[] } = {}) => {
    setIds((prev) => {
      const next = new Set(prev);
      const from = anchor.current;
      const order = opts.order ?? [];
      if (opts.range && from && order.includes(from) && order.includes(id)) {
        const [a, b] = [order.indexOf(from), order.indexOf(id)].sort((x, y) => x - y);
        const on = prev.has(from);
        for (const x of order.slice(a, b + 1)) on ? next.add(x) : next.delete(x);
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      anchor.current = id;
      return next;
    });
  }, []);

  const clear = useCallback(() => {
    anchor.current = null;
    setIds(new Set());
  }, []);

  /** Keeps only ids still listed (a resolved conversation leaves the Open list, and the selection with it). */
  const keepOnly = useCallback((listed: string[]) => {
    setIds((prev) => {
      const keep = new Set(listed.filter((id) => prev.has(id)));
      return keep.size === prev.size ? prev : keep;
    });
  }, []);

  return useMemo(() => ({ ids, toggle, clear, keepOnly }), [ids, toggle, clear, keepOnly]);
}

export type Selection = ReturnType<typeof useSelection>;
