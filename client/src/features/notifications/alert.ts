import type { AppNotification } from "../../lib/types";
import { describeNotification } from "./describe";

/** A short two-note chime made on the spot (no audio file to ship); silent where audio is not allowed yet. */
export function playChime() {
  try {
    const Ctx =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.4);
    for (const [freq, at] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const osc = ctx.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + 0.25);
    }
    setTimeout(() => ctx.close().catch(() => {}), 800);
  } catch {
    // no audio: the bell and the title still show it
  }
}

/**
 * A system notification, only while this tab is hidden (the open tab already shows the bell) and only once
 * the user granted permission from the bell's button: the page never asks on load.
 */
export function showBrowserNotification(n: AppNotification, open: (conversationId: string) => void) {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  if (document.visibilityState !== "hidden") return;
  const shown = new Notification("Parley", { body: describeNotification(n), tag: n.id });
  shown.onclick = () => {
    window.focus();
    open(n.conversationId);
    shown.close();
  };
}
