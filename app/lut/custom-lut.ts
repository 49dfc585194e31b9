import * as z from 'zod';

/**
 * Custom lookup tables: a ramp drawn through control points (the LUT editor's model), its JSON file
 * format, and ImageJ's .lut files (which live in imagej-lut-file.ts and are re-exported from here).
 */

export interface ControlPoint {
  /** Position along the table, 0..1. */
  pos: number;
  /** Colour as 0xRRGGBB. */
  color: number;
}

export interface CustomLut {
  name: string;
  points: ControlPoint[];
}

export { parseImageJLut, imageJLutBytes } from './imagej-lut-file.js';

/**
 * A 256-entry RGB table (768 bytes, entry i is the colour for t = i/255) that interpolates linearly in
 * RGB between the points sorted by position and holds the end colours beyond the first and last point.
 * Two points at the same position make a hard edge: t exactly at the edge takes the later point's colour.
 */
export function lutFromControlPoints(points: ControlPoint[]): Uint8Array {
  if (points.length === 0) throw new RangeError('a custom LUT needs at least one control point');
  points.forEach((p, i) => checkPoint(p, `point ${i}`));
  // Array.prototype.sort is stable, so points sharing a position keep the order they were given in.
  const sorted = [...points].sort((a, b) => a.pos - b.pos);
  const table = new Uint8Array(768);
  let k = -1; // index of the last point at or before t
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    while (k + 1 < sorted.length && sorted[k + 1].pos <= t) k++;
    let rgb: [number, number, number];
    if (k < 0) rgb = channels(sorted[0].color);
    else if (k === sorted.length - 1) rgb = channels(sorted[k].color);
    else {
      const a = sorted[k];
      const b = sorted[k + 1]; // b.pos > t >= a.pos, so the span is never zero
      const f = (t - a.pos) / (b.pos - a.pos);
      const ca = channels(a.color);
      const cb = channels(b.color);
      rgb = [0, 1, 2].map((c) => Math.round(ca[c] + f * (cb[c] - ca[c]))) as [number, number, number];
    }
    table.set(rgb, 3 * i);
  }
  return table;
}

function channels(color: number): [number, number, number] {
  return [(color >> 16) & 255, (color >> 8) & 255, color & 255];
}

function checkPoint(p: ControlPoint, where: string): void {
  if (!Number.isFinite(p.pos) || p.pos < 0 || p.pos > 1) throw new RangeError(`${where}: position ${p.pos} is not between 0 and 1`);
  if (!Number.isInteger(p.color) || p.color < 0 || p.color > 0xffffff) {
    throw new RangeError(`${where}: colour ${p.color} is not an 0xRRGGBB integer`);
  }
}

/** Marks our files so that a stray JSON file is recognised as "not a LUT" rather than half-parsed. */
const FORMAT = 'voxelscope-lut';
const VERSION = 1;

const hexColor = /^#[0-9a-fA-F]{6}$/;

const fileSchema = z.object({
  format: z.literal(FORMAT, { message: `"format" must be "${FORMAT}"` }),
  version: z.number({ message: '"version" must be a number' }),
  name: z.string({ message: '"name" must be a string' }).max(200, { message: '"name" is longer than 200 characters' }),
  points: z
    .array(
      z.object({
        pos: z.number({ message: 'must be a number' }).min(0, { message: 'must be between 0 and 1' }).max(1, { message: 'must be between 0 and 1' }),
        // People edit these files by hand, so "#rrggbb" is what we write; a plain 0xRRGGBB integer is accepted too.
        color: z.union([
          z.string().regex(hexColor, { message: 'must be "#rrggbb"' }),
          z.number().int().min(0).max(0xffffff),
        ], { message: 'must be "#rrggbb" or an integer 0..0xFFFFFF' }),
      }),
      { message: '"points" must be an array' },
    )
    .min(1, { message: '"points" needs at least one control point' })
    .max(256, { message: '"points" has more than 256 control points' }),
});

/** The custom LUT as a small JSON document with a format tag and a version, colours as "#rrggbb". */
export function serializeCustomLut(l: CustomLut): string {
  l.points.forEach((p, i) => checkPoint(p, `point ${i}`));
  const doc = {
    format: FORMAT,
    version: VERSION,
    name: l.name,
    points: l.points.map((p) => ({ pos: p.pos, color: '#' + p.color.toString(16).padStart(6, '0') })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Reads a file written by serializeCustomLut; throws an Error naming the first problems found. */
export function parseCustomLut(text: string): CustomLut {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`custom LUT: not valid JSON (${(e as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('custom LUT: expected a JSON object');
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > VERSION) {
    throw new Error(`custom LUT: file format version ${version} is newer than this Voxelscope understands (${VERSION})`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => {
      const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      return where && !issue.message.startsWith('"') ? `${where}: ${issue.message}` : issue.message;
    });
    throw new Error(`custom LUT: ${problems.join('; ')}`);
  }
  if (parsed.data.version !== VERSION) throw new Error(`custom LUT: unknown file format version ${parsed.data.version}`);
  return {
    name: parsed.data.name,
    points: parsed.data.points.map((p) => ({
      pos: p.pos,
      color: typeof p.color === 'string' ? parseInt(p.color.slice(1), 16) : p.color,
    })),
  };
}
