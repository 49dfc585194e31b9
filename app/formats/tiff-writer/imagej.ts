/**
 * ImageJ's own metadata: the ImageDescription text ("ImageJ=...\nimages=...") and the binary IJMetadata
 * block (tags 50838/50839) that carries the "Info" text ImageJ shows under Image > Show Info.
 */
import type { VolumeMeta } from '../../model/volume.js';

/** ImageJ spells micrometres several ways; it reads plain ASCII best (the description is ASCII). */
function asciiUnit(unit: string): string {
  return unit.replace(/[µμ]/g, 'u');
}

/** Numbers as ImageJ prints them: shortest round-trip form, no exponent noise for integers. */
function num(v: number): string {
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

export function imagejDescription(meta: VolumeMeta, range: [number, number] | null): string {
  const { c, z, t } = meta.dims;
  const lines = ['ImageJ=1.11a', `images=${c * z * t}`];
  if (c > 1) lines.push(`channels=${c}`);
  if (z > 1) lines.push(`slices=${z}`);
  if (t > 1) lines.push(`frames=${t}`);
  lines.push('hyperstack=true', `mode=${c > 1 ? 'composite' : 'grayscale'}`);
  if (meta.unit) lines.push(`unit=${asciiUnit(meta.unit)}`);
  if (z > 1 || meta.spacing.z !== 1) lines.push(`spacing=${num(meta.spacing.z)}`);
  if (t > 1 || meta.spacing.t !== 1) lines.push(`finterval=${num(meta.spacing.t)}`);
  if (meta.timeUnit) lines.push(`tunit=${asciiUnit(meta.timeUnit)}`);
  lines.push('loop=false');
  if (range) lines.push(`min=${num(range[0])}`, `max=${num(range[1])}`);
  return lines.join('\n') + '\n';
}

export interface IjMetadata {
  /** Free text ImageJ shows under Image > Show Info. */
  info?: string | null;
  /** Display range per channel, [min, max]. */
  ranges?: [number, number][] | null;
  /** A 256-entry LUT per channel as 768 bytes (all reds, then greens, then blues). */
  luts?: Uint8Array[] | null;
  /** A label per plane, in ImageJ's plane order (c fastest, then z, then t): ImageJ's slice labels. */
  labels?: string[] | null;
}

/** Slice labels that name the channels (each channel's name on each of its planes), or null when none has a name. */
export function channelLabels(meta: VolumeMeta): string[] | null {
  const { c, z, t } = meta.dims;
  if (!meta.channels.some((ch) => ch.name)) return null;
  return Array.from({ length: c * z * t }, (_, i) => meta.channels[i % c]?.name ?? '');
}

function utf16le(text: string): Uint8Array {
  const body = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    body[2 * i] = u & 0xff;
    body[2 * i + 1] = u >>> 8;
  }
  return body;
}

/**
 * The IJMetadata block (tag 50839) and its byte counts (tag 50838), little-endian form: magic "JIJI"
 * (byte-reversed "IJIJ"), then per type its byte-reversed 4-character tag and entry count, then the
 * entries: "info" as UTF-16LE, "labl" one UTF-16LE entry per plane, "rang" as one entry of float64
 * min/max pairs, "luts" one entry per channel. Counts are the header size, then each entry's size. Null when there is nothing to write.
 */
export function imagejMetadataBlock(m: IjMetadata): { bytes: Uint8Array; counts: number[] } | null {
  const types: [string, Uint8Array[]][] = [];
  if (m.info) types.push(['info', [utf16le(m.info)]]);
  if (m.labels && m.labels.length) types.push(['labl', m.labels.map(utf16le)]);
  if (m.ranges && m.ranges.length) {
    const d = new Float64Array(m.ranges.flat());
    types.push(['rang', [new Uint8Array(d.buffer)]]);
  }
  if (m.luts && m.luts.length) types.push(['luts', m.luts]);
  if (!types.length) return null;
  const headerSize = 4 + 8 * types.length;
  const counts = [headerSize, ...types.flatMap(([, entries]) => entries.map((e) => e.length))];
  const bytes = new Uint8Array(counts.reduce((a, b) => a + b, 0));
  const view = new DataView(bytes.buffer);
  bytes.set([0x4a, 0x49, 0x4a, 0x49], 0); // "JIJI"
  let o = 4;
  for (const [tag, entries] of types) {
    for (let i = 0; i < 4; i++) bytes[o + i] = tag.charCodeAt(3 - i); // byte-reversed in little-endian files
    view.setUint32(o + 4, entries.length, true);
    o += 8;
  }
  for (const [, entries] of types) {
    for (const e of entries) {
      bytes.set(e, o);
      o += e.length;
    }
  }
  return { bytes, counts };
}

/** A linear LUT from black to 0xRRGGBB, in ImageJ's layout (256 reds, 256 greens, 256 blues). */
export function colorLut(rgb: number): Uint8Array {
  const lut = new Uint8Array(768);
  const comp = [(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff];
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 256; i++) lut[k * 256 + i] = Math.round((i * comp[k]) / 255);
  }
  return lut;
}

/** The best rational p/q (both < 2^32) for a positive value, by continued fractions. */
export function rational(value: number): [number, number] {
  if (!(value > 0) || !Number.isFinite(value)) return [1, 1];
  const MAX = 0xffffffff;
  let [p0, q0, p1, q1] = [0, 1, 1, 0];
  let x = value;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(x);
    const p2 = a * p1 + p0;
    const q2 = a * q1 + q0;
    if (p2 > MAX || q2 > MAX) break;
    [p0, q0, p1, q1] = [p1, q1, p2, q2];
    const frac = x - a;
    if (frac < 1e-12 || Math.abs(p1 / q1 - value) <= Math.abs(value) * 1e-15) break;
    x = 1 / frac;
  }
  if (q1 === 0) return [Math.min(MAX, Math.round(value)), 1];
  return p1 === 0 ? [1, MAX] : [p1, q1];
}
