const int = new Intl.NumberFormat();

export const formatCount = (n: number | null | undefined) => (n == null ? "—" : int.format(n));

export function formatPercent(share: number | null | undefined): string {
  if (share == null) return "—";
  return `${Math.round(share * 1000) / 10}%`;
}

/** 42 s, 7 min, 1 h 20 min, 2 d 3 h: precise enough for a KPI, short enough for a card. */
export function formatDuration(sec: number | null | undefined): string {
  if (sec == null) return "—";
  if (sec < 60) return `${Math.round(sec)} s`;
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "+12%" / "−8%"; null when there is nothing to compare with. */
export function formatChange(change: number | null): string | null {
  if (change == null || !Number.isFinite(change)) return null;
  const pct = Math.round(change * 100);
  if (pct === 0) return "±0%";
  return `${pct > 0 ? "+" : "−"}${Math.abs(pct)}%`;
}
