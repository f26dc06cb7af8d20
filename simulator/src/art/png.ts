import { crc32, deflateSync } from "node:zlib";
import { memo, rng } from "./seed";

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A plain RGB PNG from a pixel function; enough for the few real images WhatsApp media needs. */
export function encodePng(w: number, h: number, px: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1); // filter byte 0 (none) starts each row
    for (let x = 0; x < w; x++) raw.set(px(x, y), row + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const mix = (a: number[], b: number[], u: number): [number, number, number] => {
  const t = Math.min(1, Math.max(0, u));
  return [
    Math.round(a[0]! + (b[0]! - a[0]!) * t),
    Math.round(a[1]! + (b[1]! - a[1]!) * t),
    Math.round(a[2]! + (b[2]! - a[2]!) * t),
  ];
};
const SKIES = [
  [
    [255, 214, 170],
    [255, 150, 140],
  ],
  [
    [170, 215, 255],
    [225, 240, 255],
  ],
  [
    [210, 190, 255],
    [255, 200, 220],
  ],
  [
    [180, 235, 220],
    [240, 250, 210],
  ],
];

/** A 320×240 "holiday snapshot": gradient sky, sun, two soft hills. Variant picks the palette and layout. */
export const snapshotPng = memo(8, (key: string): Buffer => {
  const r = rng(`png:${key}`);
  const [top, bottom] = SKIES[Math.floor(r() * SKIES.length)]!;
  const sun = { x: 60 + r() * 200, y: 50 + r() * 40, r: 26 + r() * 12 };
  const hill1 = [120 + r() * 40, 170 + r() * 30, 120 + r() * 30];
  const hill2 = [70 + r() * 30, 140 + r() * 30, 80 + r() * 20];
  const p1 = r() * 6;
  const p2 = r() * 6;
  return encodePng(320, 240, (x, y) => {
    const h1 = 160 + 22 * Math.sin(x / 55 + p1);
    const h2 = 185 + 16 * Math.sin(x / 40 + p2);
    if (y > h2) return mix(hill2, [30, 80, 60], (y - h2) / 80);
    if (y > h1) return mix(hill1, [60, 120, 80], (y - h1) / 120);
    const d = Math.hypot(x - sun.x, y - sun.y);
    if (d < sun.r) return [255, 246, 200];
    const glow = Math.max(0, 1 - (d - sun.r) / 60) * 0.35;
    return mix(mix(top!, bottom!, y / 170), [255, 250, 220], glow);
  });
});
