import { fijiLuts } from './fiji-luts.js';
import { MATPLOTLIB_TABLES } from './generated/matplotlib-tables.js';

/**
 * The named colormaps the viewer offers: gray, matplotlib's (generated from matplotlib itself, see
 * scripts/gen-colormaps.py) and Fiji's (rebuilt from ImageJ's algorithms, see fiji-luts.ts), plus the
 * table helpers the viewer needs for channels (solid colour ramps, a file's own LUT, reversal).
 * Every table is 768 bytes: 256 r,g,b entries, entry i being the colour for t = i/255.
 */

export type ColormapFamily = 'gray' | 'perceptual' | 'sequential' | 'diverging' | 'cyclic' | 'qualitative' | 'fiji';

export interface Colormap {
  name: string;
  family: ColormapFamily;
  /** 256*3 RGB; shared, so treat it as read-only (copy before editing). */
  table: Uint8Array;
}

let all: readonly Colormap[] | null = null;
let byKey: Map<string, Colormap> | null = null;

/** Case, spaces and underscores do not matter: 'Green Fire Blue', 'green_fire_blue', '16_colors'. */
function keyOf(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, ' ');
}

function fromHex(hex: string): Uint8Array {
  const table = new Uint8Array(hex.length / 2);
  for (let i = 0; i < table.length; i++) table[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return table;
}

function build(): readonly Colormap[] {
  const gray = new Uint8Array(768);
  for (let i = 0; i < 768; i++) gray[i] = Math.floor(i / 3);
  const list: Colormap[] = [
    { name: 'gray', family: 'gray', table: gray },
    ...MATPLOTLIB_TABLES.map((m) => ({ name: m.name, family: m.family, table: fromHex(m.hex) })),
    ...fijiLuts().map((l) => ({ name: l.name, family: 'fiji' as const, table: l.table })),
  ];
  byKey = new Map();
  for (const cm of list) {
    const key = keyOf(cm.name);
    if (byKey.has(key)) throw new Error(`colormaps: '${cm.name}' and '${byKey.get(key)!.name}' look up the same`);
    byKey.set(key, cm);
  }
  return list;
}

/** Every colormap, gray first, then matplotlib's by family, then Fiji's in its menu order. Built once. */
export function listColormaps(): readonly Colormap[] {
  all ??= build();
  return all;
}

const reversed = new Map<string, Colormap>();

/**
 * A colormap by name, ignoring case, spaces and underscores. Also: a '_r' suffix gives the reversed
 * table (matplotlib's convention, e.g. 'viridis_r'), and Fiji's 'mpl-viridis' style names give the
 * matplotlib map. Undefined when nothing matches.
 */
export function getColormap(name: string): Colormap | undefined {
  listColormaps();
  const key = keyOf(name);
  const direct = byKey!.get(key) ?? byKey!.get(key.replace(/^mpl-/, ''));
  if (direct) return direct;
  const base = / r$/.test(key) ? getColormap(key.slice(0, -2)) : undefined;
  if (!base) return undefined;
  let r = reversed.get(base.name);
  if (!r) {
    r = { name: `${base.name}_r`, family: base.family, table: invertTable(base.table) };
    reversed.set(base.name, r);
  }
  return r;
}

/** The table read backwards (entry i becomes entry 255 - i), as matplotlib's '_r' maps and Fiji's Invert LUT. */
export function invertTable(table: Uint8Array): Uint8Array {
  checkTable(table);
  const out = new Uint8Array(768);
  for (let i = 0; i < 256; i++) out.set(table.subarray(3 * i, 3 * i + 3), 3 * (255 - i));
  return out;
}

/**
 * A ramp from black to one colour (0xRRGGBB), for composite channels: ImageJ's LUT.createLutFromColor,
 * entry i = trunc(i * c / 255) per channel, so channel colours look as they do in Fiji.
 */
export function solidColorTable(rgb: number): Uint8Array {
  const c = [(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255];
  const incr = c.map((v) => v / 255);
  const table = new Uint8Array(768);
  for (let i = 0; i < 256; i++) for (let k = 0; k < 3; k++) table[3 * i + k] = Math.trunc(i * incr[k]);
  return table;
}

/** A file's own LUT (ChannelInfo.lut: 768 numbers, r,g,b per entry) as a table; values are taken mod 256. */
export function lutFromImageJ(lut: number[]): Uint8Array {
  if (lut.length !== 768) throw new RangeError(`a LUT from a file has 768 values (256 r,g,b entries), not ${lut.length}`);
  return Uint8Array.from(lut, (v) => v & 255);
}

function checkTable(table: Uint8Array): void {
  if (table.length !== 768) throw new RangeError(`a LUT table has 768 bytes, not ${table.length}`);
}
