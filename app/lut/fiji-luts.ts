import { interleave, interpolateImageJ } from './imagej-interpolate.js';

/**
 * Fiji's lookup tables, rebuilt the way ImageJ builds them so that the bytes are identical:
 *  - Fire, Grays, Ice, Spectrum, 3-3-2 RGB, Red, Green, Blue, Cyan, Magenta, Yellow and Red/Green
 *    reimplement ij/plugin/LutLoader.java (ImageJ 1.x, public domain), including its quirks (Fire and
 *    Ice are 32 colours stretched by LutLoader.interpolate, which truncates; Red/Green's green half
 *    wraps i*2 to a byte, so it runs 0..254; Spectrum is java.awt.Color.getHSBColor in float maths);
 *  - "16 colors" is NIH Image's 16_colors.lut as Fiji ships it (from NCSA PalEdit): sixteen bands of
 *    sixteen entries, one of which ramps its blue;
 *  - HiLo is Fiji's HiLo.lut: a gray ramp with entry 0 blue and entry 255 red, to show clipping.
 * Green Fire Blue is not here: it is a data file in Fiji's luts folder, not an algorithm in ImageJ,
 * and the only copy found was a third-party text export that could not be checked against Fiji's.
 */

export interface FijiLut {
  /** The name in Fiji's Image > Lookup Tables menu. */
  name: string;
  table: Uint8Array;
}

type Planes = [Uint8Array, Uint8Array, Uint8Array];
const planes = (): Planes => [new Uint8Array(256), new Uint8Array(256), new Uint8Array(256)];

/** The first n colours of r/g/b lists, stretched over 256 entries as LutLoader does for Fire and Ice. */
function stretched(r: number[], g: number[], b: number[]): Uint8Array {
  const [R, G, B] = planes();
  R.set(r);
  G.set(g);
  B.set(b);
  interpolateImageJ(R, G, B, r.length);
  return interleave(R, G, B);
}

function fire(): Uint8Array {
  return stretched(
    [0, 0, 1, 25, 49, 73, 98, 122, 146, 162, 173, 184, 195, 207, 217, 229, 240, 252, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 35, 57, 79, 101, 117, 133, 147, 161, 175, 190, 205, 219, 234, 248, 255, 255, 255, 255],
    [0, 61, 96, 130, 165, 192, 220, 227, 210, 181, 151, 122, 93, 64, 35, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 35, 98, 160, 223, 255],
  );
}

function ice(): Uint8Array {
  return stretched(
    [0, 0, 0, 0, 0, 0, 19, 29, 50, 48, 79, 112, 134, 158, 186, 201, 217, 229, 242, 250, 250, 250, 250, 251, 250, 250, 250, 250, 251, 251, 243, 230],
    [156, 165, 176, 184, 190, 196, 193, 184, 171, 162, 146, 125, 107, 93, 81, 87, 92, 97, 95, 93, 93, 90, 85, 69, 64, 54, 47, 35, 19, 0, 4, 0],
    [140, 147, 158, 166, 170, 176, 209, 220, 234, 225, 236, 246, 250, 251, 250, 250, 245, 230, 230, 222, 202, 180, 163, 142, 123, 114, 106, 94, 84, 64, 26, 27],
  );
}

/** A table from a function of the entry index giving [r, g, b]. */
function fromFunction(f: (i: number) => [number, number, number]): Uint8Array {
  const table = new Uint8Array(768);
  for (let i = 0; i < 256; i++) table.set(f(i), 3 * i);
  return table;
}

/** LutLoader.primaryColor: bit 4 red, 2 green, 1 blue ramps. */
function primary(bitsRgb: number): Uint8Array {
  return fromFunction((i) => [bitsRgb & 4 ? i : 0, bitsRgb & 2 ? i : 0, bitsRgb & 1 ? i : 0]);
}

/**
 * java.awt.Color.HSBtoRGB, in Java's float arithmetic (every operation rounded to float32), as
 * LutLoader.spectrum uses it with saturation and brightness 1.
 */
export function javaHsbToRgb(hue: number, saturation: number, brightness: number): [number, number, number] {
  const f = Math.fround;
  const toByte = (x: number): number => Math.trunc(f(f(x * 255) + 0.5));
  if (saturation === 0) {
    const v = toByte(brightness);
    return [v, v, v];
  }
  const h = f(f(hue - Math.floor(hue)) * 6);
  const frac = f(h - Math.floor(h));
  const p = f(brightness * f(1 - saturation));
  const q = f(brightness * f(1 - f(saturation * frac)));
  const t = f(brightness * f(1 - f(saturation * f(1 - frac))));
  const [v, P, Q, T] = [toByte(brightness), toByte(p), toByte(q), toByte(t)];
  switch (Math.trunc(h)) {
    case 0: return [v, T, P];
    case 1: return [Q, v, P];
    case 2: return [P, v, T];
    case 3: return [P, Q, v];
    case 4: return [T, P, v];
    case 5: return [v, P, Q];
    default: return [0, 0, 0];
  }
}

function spectrum(): Uint8Array {
  // Java evaluates i/255f in float.
  return fromFunction((i) => javaHsbToRgb(Math.fround(i / 255), 1, 1));
}

/** NIH Image's 16 colours, each filling sixteen entries. */
const SIXTEEN: [number, number, number][] = [
  [0, 0, 0], [1, 1, 171], [1, 1, 224], [0, 110, 255], [1, 171, 254], [1, 224, 254], [1, 254, 1], [190, 255, 0],
  [255, 255, 0], [255, 224, 0], [255, 141, 0], [250, 94, 0], [245, 0, 0], [245, 0, 135], [222, 180, 222], [255, 255, 255],
];

function sixteenColors(): Uint8Array {
  return fromFunction((i) => {
    const [r, g, b] = SIXTEEN[i >> 4];
    // The file's fourteenth band is not flat: its blue climbs from 135 by 6.25 per entry (truncated).
    return (i >> 4) === 13 ? [r, g, b + Math.floor((25 * (i & 15)) / 4)] : [r, g, b];
  });
}

function hiLo(): Uint8Array {
  return fromFunction((i) => (i === 0 ? [0, 0, 255] : i === 255 ? [255, 0, 0] : [i, i, i]));
}

/** Fiji's LUTs in its menu's order, then the two from its luts folder. */
export function fijiLuts(): FijiLut[] {
  return [
    { name: 'Fire', table: fire() },
    { name: 'Grays', table: fromFunction((i) => [i, i, i]) },
    { name: 'Ice', table: ice() },
    { name: 'Spectrum', table: spectrum() },
    { name: '3-3-2 RGB', table: fromFunction((i) => [i & 0xe0, (i << 3) & 0xe0, (i << 6) & 0xc0]) },
    { name: 'Red', table: primary(4) },
    { name: 'Green', table: primary(2) },
    { name: 'Blue', table: primary(1) },
    { name: 'Cyan', table: primary(3) },
    { name: 'Magenta', table: primary(5) },
    { name: 'Yellow', table: primary(6) },
    // LutLoader.redGreen: (byte)(i*2) wraps for i >= 128, so green runs 0..254.
    { name: 'Red/Green', table: fromFunction((i) => (i < 128 ? [i * 2, 0, 0] : [0, (i * 2) & 255, 0])) },
    { name: '16 colors', table: sixteenColors() },
    { name: 'HiLo', table: hiLo() },
  ];
}
