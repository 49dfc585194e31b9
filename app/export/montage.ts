import { getColormap } from '../lut/colormaps.js';
import { roundHalfEven } from '../lut/value-to-unit.js';
import type { TypedArray } from '../model/dtype.js';
import type { Dims, Spacing } from '../model/volume.js';
import type { MontageRecordSettings } from './montage-record.js';
import type { RgbImage } from './png-encode.js';
import { drawText, TEXT_HEIGHT, textWidth, type Clip } from './bitmap-text.js';
import { lengthText } from '../view/scale-bar.js';

/*
 * A montage (DESIGN.md's `voxelscope montage`): slices start, start + step, ... below stop along an axis,
 * laid out in rows of `cols` tiles from the top left, each tile the slice at its own pixel size in
 * storage order (y = 0, or z = 0 for the x and y axes, at the top), unused tiles black. Voxel value v
 * shows entry round(255 * clamp((v - lo) / (hi - lo), 0, 1)) of the colormap, from the stored value in
 * double precision (montageIndex: the display mapping's valueToIndex, rounded half to even as numpy); NaN is black. A
 * border of `border` pixels runs between the tiles and around them, white, as Fiji's Make Montage draws
 * it; labels (slice index or position) go in each tile's top left corner and a scale bar at the first
 * tile's bottom right, in the bitmap font (bitmap-text.ts). The CLI (main/cli/montage.ts) and, later, the
 * app's export both render through here: the same pixels whichever side makes them.
 */

export type MontageAxis = MontageSettings['axis'];

/** What a montage shows (the record's settings: montage-record.ts); slices from 0, channel and time from 0. */
export type MontageSettings = MontageRecordSettings;

/** The volume as the montage reads it: canonical voxels (x fastest, then y, z, c, t). */
export interface MontageVolume {
  data: TypedArray;
  dims: Dims;
  spacing: Spacing;
  unit: string;
}

export interface Tile {
  /** The slice's index along the axis. */
  slice: number;
  /** Its top left pixel in the montage. */
  x: number;
  y: number;
}

export interface MontageLayout {
  width: number;
  height: number;
  cols: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  tiles: Tile[];
}

/** Tile width and height for slices along `axis`: x by y for z, x by z for y, y by z for x. */
export function tileSize(dims: Dims, axis: MontageAxis): [number, number] {
  return axis === 'z' ? [dims.x, dims.y] : axis === 'y' ? [dims.x, dims.z] : [dims.y, dims.z];
}

/** The slices shown: start, start + step, ... below stop. */
export function montageSlices(s: Pick<MontageSettings, 'start' | 'stop' | 'step'>): number[] {
  const out: number[] = [];
  for (let k = s.start; k < s.stop; k += s.step) out.push(k);
  return out;
}

export function montageLayout(dims: Dims, s: MontageSettings): MontageLayout {
  const [tileWidth, tileHeight] = tileSize(dims, s.axis);
  const slices = montageSlices(s);
  const cols = Math.min(s.cols, slices.length);
  const rows = Math.ceil(slices.length / cols);
  const b = s.border;
  const tiles = slices.map((slice, i) => ({ slice, x: b + (i % cols) * (tileWidth + b), y: b + Math.floor(i / cols) * (tileHeight + b) }));
  return { width: cols * tileWidth + (cols + 1) * b, height: rows * tileHeight + (rows + 1) * b, cols, rows, tileWidth, tileHeight, tiles };
}

/** Checks settings against a volume; the message names the option. */
export function checkMontage(dims: Dims, s: MontageSettings): void {
  const n = dims[s.axis];
  if (!(s.start >= 0 && s.start < n)) throw new Error(`--start ${s.start} is outside the ${n} slices along ${s.axis} (0 to ${n - 1})`);
  if (!(s.stop > s.start && s.stop <= n)) throw new Error(`--stop ${s.stop} must be above --start ${s.start} and at most ${n}`);
  if (!(s.step >= 1)) throw new Error(`--step must be at least 1, not ${s.step}`);
  if (!(s.cols >= 1)) throw new Error(`--cols must be at least 1, not ${s.cols}`);
  if (!(s.border >= 0)) throw new Error(`--border must be 0 or more pixels, not ${s.border}`);
  if (!getColormap(s.cmap)) throw new Error(`--cmap ${s.cmap}: no such colormap`);
  if (!(Number.isFinite(s.range[0]) && Number.isFinite(s.range[1]))) throw new Error(`--range ${s.range.join(',')}: two finite numbers LO,HI`);
  if (!(s.channel >= 0 && s.channel < dims.c)) throw new Error(`--channel ${s.channel + 1}: the file has ${dims.c} channel${dims.c === 1 ? '' : 's'}`);
  if (!(s.time >= 0 && s.time < dims.t)) throw new Error(`--time ${s.time + 1}: the file has ${dims.t} time point${dims.t === 1 ? '' : 's'}`);
  const { width, height } = montageLayout(dims, s);
  if (width * height > 2 ** 27) throw new Error(`the montage would be ${width} x ${height} pixels; fewer slices (--step) or columns`);
}

/** The montage's pixels: tiles, black where no slice falls, the border white. */
export function renderMontage(v: MontageVolume, s: MontageSettings): { image: RgbImage; layout: MontageLayout } {
  checkMontage(v.dims, s);
  const layout = montageLayout(v.dims, s);
  const { width, height, tileWidth, tileHeight } = layout;
  const rgb = new Uint8Array(width * height * 3);
  if (s.border > 0) {
    // White, then every cell of the grid black (where no slice falls it stays so).
    rgb.fill(255);
    for (let r = 0; r < layout.rows; r++) {
      for (let c = 0; c < layout.cols; c++) fillRect(rgb, width, s.border + c * (tileWidth + s.border), s.border + r * (tileHeight + s.border), tileWidth, tileHeight, 0);
    }
  }
  const table = getColormap(s.cmap)!.table;
  const [lo, hi] = s.range;
  const { x: X, y: Y, z: Z } = v.dims;
  const base = (s.time * v.dims.c + s.channel) * X * Y * Z;
  // The first voxel of row w of slice k in the canonical array, and the step to the next along the row.
  const rowStart = s.axis === 'z' ? (k: number, w: number) => base + (k * Y + w) * X
    : s.axis === 'y' ? (k: number, w: number) => base + (w * Y + k) * X
      : (k: number, w: number) => base + w * Y * X + k;
  const along = s.axis === 'x' ? X : 1;
  const data = v.data;
  for (const t of layout.tiles) {
    for (let w = 0; w < tileHeight; w++) {
      let o = ((t.y + w) * width + t.x) * 3;
      for (let u = 0, i = rowStart(t.slice, w); u < tileWidth; u++, i += along, o += 3) {
        const k = montageIndex(Number(data[i]), lo, hi);
        if (k !== k) continue; // NaN: black
        rgb[o] = table[3 * k];
        rgb[o + 1] = table[3 * k + 1];
        rgb[o + 2] = table[3 * k + 2];
      }
    }
  }
  const tileClip = (t: Tile): Clip => ({ x: t.x, y: t.y, width: tileWidth, height: tileHeight });
  if (s.label !== 'none') {
    for (const t of layout.tiles) drawText(rgb, width, t.x + 2, t.y + 1, tileLabel(v, s, t.slice), tileClip(t));
  }
  if (s.scalebar !== null && layout.tiles.length) drawScaleBar(rgb, width, layout, v, s);
  return { image: { width, height, rgb }, layout };
}

/** "z=12" (the slice's index, counted from 0 as --start counts) or its position, "z=6 µm". */
export function tileLabel(v: MontageVolume, s: MontageSettings, slice: number): string {
  if (s.label === 'slice') return `${s.axis}=${slice}`;
  const at = slice * v.spacing[s.axis];
  return `${s.axis}=${lengthText(+at.toPrecision(6), v.unit || 'px')}`;
}

/**
 * A white bar of the scale bar's length (in the file's unit, along the tile's width) with its length
 * above it, at the first tile's bottom right, as Fiji's Scale Bar puts it; refused when it is wider than
 * the tile.
 */
function drawScaleBar(rgb: Uint8Array, width: number, layout: MontageLayout, v: MontageVolume, s: MontageSettings): void {
  const t = layout.tiles[0];
  const across = s.axis === 'x' ? 'y' : 'x';
  const px = Math.round(s.scalebar! / v.spacing[across]);
  const margin = 4;
  if (!(px >= 1) || px > layout.tileWidth - 2 * margin) {
    throw new Error(`--scalebar ${s.scalebar}: ${px} pixels, which does not fit in a tile ${layout.tileWidth} pixels wide (a voxel is ${v.spacing[across]} ${v.unit || 'px'} along ${across})`);
  }
  const thick = Math.max(2, Math.round(layout.tileHeight / 60));
  const x0 = t.x + layout.tileWidth - margin - px;
  const y0 = t.y + layout.tileHeight - margin - thick;
  fillRect(rgb, width, x0 - 1, y0 - 1, px + 2, thick + 2, 0);
  fillRect(rgb, width, x0, y0, px, thick, 255);
  const text = lengthText(s.scalebar!, v.unit || 'px');
  const clip = { x: t.x, y: t.y, width: layout.tileWidth, height: layout.tileHeight };
  drawText(rgb, width, Math.max(t.x + 1, x0 + Math.round((px - textWidth(text)) / 2)), y0 - 2 - TEXT_HEIGHT, text, clip);
}

/**
 * The contract's entry for value v: round(255 * clamp((v - lo) / (hi - lo), 0, 1)), rounded half to even;
 * NaN for NaN. For lo < hi these are the display mapping's valueToIndex operations in its order (the
 * viewer's pixels; a test compares the two); hi < lo gives the reversed ramp the formula says.
 */
export function montageIndex(v: number, lo: number, hi: number): number {
  let t = (v - lo) / (hi - lo);
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return roundHalfEven(t * 255) + 0; // + 0: -0 (hi < lo, v = lo) is entry 0
}

export function fillRect(rgb: Uint8Array, width: number, x: number, y: number, w: number, h: number, value: number): void {
  for (let r = y; r < y + h; r++) rgb.fill(value, (r * width + x) * 3, (r * width + x + w) * 3);
}
