import { memo, pick, rng } from "./seed";

const FACE = `<circle cx="120" cy="120" r="92" fill="#ffd54a"/><circle cx="120" cy="120" r="92" fill="none" stroke="#f2b705" stroke-width="4"/>`;
const OUTLINE = (shape: string) =>
  `<g stroke="#fff" stroke-width="18" stroke-linejoin="round" fill="#fff">${shape}</g>`;
const cheeks = `<circle cx="70" cy="138" r="14" fill="#ff8a80" opacity=".55"/><circle cx="170" cy="138" r="14" fill="#ff8a80" opacity=".55"/>`;
const smile = `<path d="M78 140q42 46 84 0" fill="#7a3e1d"/><path d="M92 160q28 18 56 0" fill="#ff6f61"/>`;
const heartPath = (x: number, y: number, s: number) =>
  `M${x} ${y + s * 0.9}C${x - s * 1.6} ${y - s * 0.2} ${x - s * 0.6} ${y - s * 1.3} ${x} ${y - s * 0.4}C${x + s * 0.6} ${y - s * 1.3} ${x + s * 1.6} ${y - s * 0.2} ${x} ${y + s * 0.9}z`;

const STICKERS: Array<() => string> = [
  () =>
    `${OUTLINE('<circle cx="120" cy="120" r="92"/>')}${FACE}<path d="M76 96q12-14 24 0M140 96q12-14 24 0" stroke="#7a3e1d" stroke-width="8" fill="none" stroke-linecap="round"/>${cheeks}${smile}`,
  () =>
    `${OUTLINE('<circle cx="120" cy="120" r="92"/>')}${FACE}<path d="${heartPath(88, 100, 22)}" fill="#ff4d6d"/><path d="${heartPath(152, 100, 22)}" fill="#ff4d6d"/>${smile}`,
  () =>
    `${OUTLINE(`<path d="${heartPath(120, 120, 82)}"/>`)}<path d="${heartPath(120, 120, 82)}" fill="#ff5c7a"/><path d="M70 78q10-14 26-16" stroke="#fff" stroke-width="10" fill="none" stroke-linecap="round" opacity=".7"/><circle cx="96" cy="120" r="8" fill="#4a1020"/><circle cx="144" cy="120" r="8" fill="#4a1020"/><path d="M104 142q16 14 32 0" stroke="#4a1020" stroke-width="6" fill="none" stroke-linecap="round"/>`,
  () => {
    const thumb =
      '<path d="M60 112h30l30-52c8-14 30-10 28 8l-6 34h42c14 0 22 12 18 24l-16 62c-3 10-12 16-22 16H90c-6 0-10-4-10-10V112z"/><rect x="40" y="108" width="40" height="100" rx="8"/>';
    return `${OUTLINE(thumb)}<g fill="#ffc93c">${thumb}</g><rect x="40" y="108" width="40" height="100" rx="8" fill="#4f8df7"/><path d="M112 150h60M108 176h58" stroke="#e0a100" stroke-width="5" stroke-linecap="round"/>`;
  },
];

/** A die-cut sticker on a transparent background, 240×240. */
export const stickerSvg = memo(100, (id: string): string => {
  const r = rng(`sticker:${id}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240">${pick(STICKERS, r)()}</svg>`;
});
