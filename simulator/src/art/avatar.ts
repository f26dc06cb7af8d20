import { hsl, memo, pick, rng } from "./seed";

const SKIN = ["#f6d2b8", "#eab48f", "#d39a6a", "#b07850", "#8a5a3b", "#f3c9a5", "#5e3b28"];
const HAIR = ["#2b1d16", "#4a2f20", "#7a4a2a", "#c58b4b", "#e2c07a", "#1c1c24", "#9c3b2a", "#8d8d95"];

/** A friendly illustrated portrait on a pastel gradient, like the default photos people keep. 256×256. */
export const avatarSvg = memo(500, (id: string): string => {
  const r = rng(`avatar:${id}`);
  const hue = r() * 360;
  const bg1 = hsl(hue, 70, 88);
  const bg2 = hsl(hue + 35, 65, 78);
  const skin = pick(SKIN, r);
  const hair = pick(HAIR, r);
  const shirt = hsl(hue + 90 + r() * 180, 40 + r() * 20, 45 + r() * 15);
  const style = Math.floor(r() * 4);
  const hairBack =
    style === 1
      ? `<path d="M82 118c0-40 20-66 46-66s46 26 46 66v72H82z" fill="${hair}"/>`
      : style === 3
        ? `<circle cx="128" cy="56" r="22" fill="${hair}"/>`
        : "";
  const hairTop =
    style === 2
      ? `<path d="M88 112c-4-34 14-58 40-58s46 22 40 58c-8-16-22-24-40-26-16 2-30 10-40 26z" fill="${hair}"/>`
      : `<path d="M86 116c-2-38 16-62 42-62s46 24 42 62c-10-20-26-28-42-28s-34 8-42 28z" fill="${hair}"/>`;
  const glasses =
    r() < 0.25
      ? `<g fill="none" stroke="#3a3a44" stroke-width="3.5" opacity=".8"><circle cx="113" cy="118" r="11"/><circle cx="143" cy="118" r="11"/><path d="M124 118h8"/></g>`
      : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
<defs><linearGradient id="b" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg1}"/><stop offset="1" stop-color="${bg2}"/></linearGradient>
<linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${shirt}"/><stop offset="1" stop-color="${shirt}" stop-opacity=".8"/></linearGradient></defs>
<rect width="256" height="256" fill="url(#b)"/>
<circle cx="200" cy="50" r="70" fill="#fff" opacity=".18"/>
${hairBack}
<path d="M40 256c0-52 36-82 88-82s88 30 88 82z" fill="url(#s)"/>
<path d="M112 150h32v30c0 10-32 10-32 0z" fill="${skin}"/>
<ellipse cx="128" cy="160" rx="18" ry="8" fill="#000" opacity=".1"/>
<ellipse cx="128" cy="118" rx="40" ry="46" fill="${skin}"/>
<ellipse cx="88" cy="122" rx="7" ry="10" fill="${skin}"/><ellipse cx="168" cy="122" rx="7" ry="10" fill="${skin}"/>
${hairTop}
<circle cx="113" cy="120" r="4" fill="#2d2530"/><circle cx="143" cy="120" r="4" fill="#2d2530"/>
<circle cx="104" cy="138" r="7" fill="#ff7a7a" opacity=".22"/><circle cx="152" cy="138" r="7" fill="#ff7a7a" opacity=".22"/>
<path d="M116 142c6 6 18 6 24 0" fill="none" stroke="#6b3b34" stroke-width="3.5" stroke-linecap="round"/>
${glasses}
</svg>`;
});
