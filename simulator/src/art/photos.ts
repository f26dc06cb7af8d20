import { hsl, memo, pick, rng } from "./seed";

/**
 * Flat illustrations of what a small shop's customers send: a bouquet, a parcel, a dress, a mug on a table, a cake.
 * Each scene draws in a 640×480 box; the id picks the scene and its colours.
 */
type Scene = (r: () => number, hue: number) => string;

const wall = (hue: number, r: () => number) => {
  const h = hue + r() * 40;
  return `<defs><linearGradient id="w" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(h, 45, 92)}"/><stop offset="1" stop-color="${hsl(h, 40, 82)}"/></linearGradient>
<linearGradient id="t" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(30, 45, 66)}"/><stop offset="1" stop-color="${hsl(25, 45, 52)}"/></linearGradient>
<radialGradient id="l" cx=".3" cy=".2" r=".8"><stop offset="0" stop-color="#fff" stop-opacity=".55"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>
<rect width="640" height="480" fill="url(#w)"/><rect width="640" height="480" fill="url(#l)"/>`;
};
const table = (y = 360) =>
  `<rect y="${y}" width="640" height="${480 - y}" fill="url(#t)"/><rect y="${y}" width="640" height="6" fill="#fff" opacity=".25"/>`;
const shadow = (cx: number, cy: number, rx: number) =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${rx / 6}" fill="#000" opacity=".15"/>`;

const plant = (x: number, y: number, pot: string) =>
  `<g transform="translate(${x} ${y})"><g fill="#6f9f62"><ellipse cx="-18" cy="-40" rx="12" ry="34" transform="rotate(-28 -18 -40)"/><ellipse cx="18" cy="-44" rx="12" ry="36" transform="rotate(24 18 -44)"/></g><ellipse cx="0" cy="-52" rx="12" ry="42" fill="#84b574"/><path d="M-32 -8h64l-8 70h-48z" fill="${pot}"/><rect x="-36" y="-14" width="72" height="14" rx="4" fill="${pot}"/><rect x="-36" y="-14" width="72" height="14" rx="4" fill="#fff" opacity=".2"/></g>`;

const flower = (x: number, y: number, size: number, color: string, centre: string) => {
  let petals = "";
  for (let k = 0; k < 6; k++)
    petals += `<ellipse cx="${x}" cy="${y - size * 0.55}" rx="${size * 0.38}" ry="${size * 0.55}" fill="${color}" transform="rotate(${k * 60} ${x} ${y})"/>`;
  return `${petals}<circle cx="${x}" cy="${y}" r="${size * 0.32}" fill="${centre}"/>`;
};

const bouquet: Scene = (r, hue) => {
  const paper = hsl(hue + 180, 35, 80);
  const blooms = [hsl(hue + 330, 75, 72), hsl(hue + 20, 80, 76), hsl(hue + 290, 55, 80), "#fff4e8"];
  let stems = "";
  let heads = "";
  const spots: Array<[number, number]> = [
    [262, 150],
    [320, 128],
    [378, 150],
    [292, 196],
    [350, 196],
    [236, 206],
    [404, 206],
  ];
  for (const [x, y] of spots) {
    stems += `<path d="M320 330Q${(x + 320) / 2} ${y + 80} ${x} ${y}" stroke="#5f8f55" stroke-width="5" fill="none"/>`;
    heads += flower(x, y, 26 + r() * 12, pick(blooms, r), hsl(45, 90, 60));
  }
  const leaves = `<g fill="#76a866"><ellipse cx="250" cy="250" rx="34" ry="14" transform="rotate(-35 250 250)"/><ellipse cx="392" cy="250" rx="34" ry="14" transform="rotate(35 392 250)"/><ellipse cx="300" cy="240" rx="26" ry="10" transform="rotate(-60 300 240)"/></g>`;
  const wrap = `<path d="M232 250L320 420 408 250 370 280 320 262 270 280z" fill="${paper}"/><path d="M320 420L270 280 320 262z" fill="#000" opacity=".06"/>`;
  const ribbon = `<path d="M296 352h48l-6 14h-36z" fill="${hsl(hue + 330, 60, 62)}"/><path d="M320 358l-26 26M320 358l26 26" stroke="${hsl(hue + 330, 60, 62)}" stroke-width="6" stroke-linecap="round"/>`;
  return `${table(380)}${shadow(320, 428, 120)}${stems}${leaves}${heads}${wrap}${ribbon}`;
};

const parcel: Scene = (r, hue) => {
  const kraft = pick(["#d8a86c", "#c99a5e", "#e0b57c"], r);
  const tape = hsl(hue, 30, 92);
  const label = hsl(hue + 200, 60, 60);
  return `${table(330)}${shadow(320, 410, 200)}
<path d="M170 200L320 150 470 200 470 390 320 420 170 390z" fill="${kraft}"/>
<path d="M170 200L320 240 320 420 170 390z" fill="#000" opacity=".08"/>
<path d="M320 240L470 200 470 390 320 420z" fill="#fff" opacity=".06"/>
<path d="M170 200L320 150 470 200 320 240z" fill="#fff" opacity=".18"/>
<path d="M232 180L382 225 382 260 232 215z" fill="${tape}" opacity=".85"/>
<path d="M195 262l90 24v60l-90-24z" fill="#fff"/><path d="M205 280l60 16M205 296l46 12M205 312l54 14" stroke="${label}" stroke-width="5" stroke-linecap="round"/>
<path d="M360 300l70-18v22l-70 18z" fill="${label}" opacity=".8"/>
<g fill="none" stroke="#5a4632" stroke-width="3" opacity=".5"><path d="M400 330l18-5v16l-18 5z"/><path d="M409 320v-12"/></g>`;
};

const dress: Scene = (r, hue) => {
  const c = hsl(hue + r() * 60, 55, 62);
  const c2 = hsl(hue + r() * 60, 55, 48);
  const dots =
    r() < 0.5
      ? Array.from({ length: 18 }, () => {
          const x = 260 + r() * 120;
          const y = 250 + r() * 140;
          return `<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="4" fill="#fff" opacity=".7"/>`;
        }).join("")
      : "";
  return `<defs><linearGradient id="d" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${c}"/><stop offset="1" stop-color="${c2}"/></linearGradient>
<clipPath id="dc"><path d="M290 140h60l20 50-18 40 58 190H210l58-190-18-40z"/></clipPath></defs>
<rect x="0" y="52" width="640" height="8" fill="#b58a5a"/>
<path d="M320 60v22M320 82l-62 42h124z" stroke="#8a8f98" stroke-width="5" fill="none" stroke-linejoin="round"/>
<path d="M290 140h60l20 50-18 40 58 190H210l58-190-18-40z" fill="url(#d)"/>
<g clip-path="url(#dc)">${dots}<path d="M320 236L296 420M320 236L344 420" stroke="#000" stroke-opacity=".05" stroke-width="8"/></g>
<path d="M290 140q30 30 60 0" fill="none" stroke="#000" stroke-opacity=".15" stroke-width="4"/>
<path d="M268 224h104" stroke="${hsl(hue + 40, 40, 90)}" stroke-width="10"/>
<rect y="430" width="640" height="50" fill="${hsl(30, 30, 72)}"/>${plant(510, 372, hsl(hue + 160, 30, 70))}`;
};

const mug: Scene = (r, hue) => {
  const c = hsl(hue + 180 + r() * 60, 50, 58);
  return `${table(340)}${shadow(300, 412, 110)}
<defs><linearGradient id="m" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${c}"/><stop offset=".6" stop-color="${c}"/><stop offset="1" stop-color="#000" stop-opacity=".25"/></linearGradient></defs>
<path d="M378 250c60 0 60 90 0 90" fill="none" stroke="${c}" stroke-width="22"/>
<path d="M220 220h160v160c0 24-20 34-40 34h-80c-20 0-40-10-40-34z" fill="url(#m)"/>
<ellipse cx="300" cy="220" rx="80" ry="14" fill="${hsl(25, 45, 30)}"/>
<path d="M270 190c-14-20 14-30 0-52M310 190c-14-20 14-30 0-52" stroke="#fff" stroke-width="6" fill="none" stroke-linecap="round" opacity=".7"/>
<circle cx="300" cy="300" r="26" fill="#fff" opacity=".85"/><path d="M300 312l-14-14a9 9 0 0 1 14-10 9 9 0 0 1 14 10z" fill="${c}"/>
${plant(490, 338, hsl(hue + 20, 40, 76))}`;
};

const cake: Scene = (r, hue) => {
  const icing = hsl(hue + 320 + r() * 40, 70, 85);
  const sponge = "#f2d3a0";
  const berries = Array.from(
    { length: 5 },
    (_, k) => `<circle cx="${250 + k * 35}" cy="206" r="11" fill="#d9404f"/>`,
  ).join("");
  return `${table(350)}${shadow(320, 418, 170)}
<ellipse cx="320" cy="410" rx="170" ry="22" fill="#f6f6f6"/>
<path d="M200 220h240v170c0 14-54 22-120 22s-120-8-120-22z" fill="${sponge}"/>
<rect x="200" y="290" width="240" height="14" fill="${icing}"/>
<path d="M200 214h240v40c-10 16-22 16-30 0-8 22-24 22-32 0-8 14-22 14-30 0-8 24-24 24-32 0-8 14-22 14-30 0-8 20-24 20-32 0-8 12-20 12-34 0z" fill="${icing}"/>
<ellipse cx="320" cy="214" rx="120" ry="18" fill="${icing}"/><ellipse cx="300" cy="210" rx="70" ry="8" fill="#fff" opacity=".35"/>
${berries}<path d="M318 196v-40" stroke="${hsl(hue, 60, 70)}" stroke-width="8"/><path d="M318 156c-10-14 4-26 0-34 10 10 14 22 0 34z" fill="#ffb347"/>`;
};

const SCENES: Scene[] = [bouquet, parcel, dress, mug, cake];

const scene = (id: string) => {
  const r = rng(`photo:${id}`);
  const hue = r() * 360;
  const draw = pick(SCENES, r);
  return wall(hue, r) + draw(r, hue);
};

/** A customer's photo, 640×480. */
export const photoSvg = memo(
  300,
  (id: string): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">${scene(id)}</svg>`,
);

/** A story frame (9:16): the same kind of photo on a blurred-looking backdrop, as Instagram shows a feed photo in a story. */
export const storySvg = memo(200, (id: string): string => {
  const r = rng(`story:${id}`);
  const hue = r() * 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="640" viewBox="0 0 360 640">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hsl(hue, 70, 70)}"/><stop offset="1" stop-color="${hsl(hue + 60, 70, 55)}"/></linearGradient>
<clipPath id="c"><rect x="20" y="200" width="320" height="240" rx="14"/></clipPath></defs>
<rect width="360" height="640" fill="url(#g)"/>
<rect x="20" y="14" width="320" height="4" rx="2" fill="#fff" opacity=".5"/><rect x="20" y="14" width="140" height="4" rx="2" fill="#fff"/>
<circle cx="90" cy="560" r="120" fill="#fff" opacity=".08"/><circle cx="300" cy="120" r="90" fill="#fff" opacity=".1"/>
<g clip-path="url(#c)"><svg x="20" y="200" width="320" height="240" viewBox="0 0 640 480">${scene(id)}</svg></g>
<rect x="110" y="470" width="140" height="34" rx="17" fill="#fff"/><rect x="128" y="484" width="104" height="6" rx="3" fill="${hsl(hue, 50, 55)}"/>
</svg>`;
});
