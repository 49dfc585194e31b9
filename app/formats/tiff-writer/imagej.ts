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

/**
 * The IJMetadata block holding one "info" entry, in little-endian form: magic "JIJI" (byte-reversed
 * "IJIJ"), then per type its 4-byte tag (byte-reversed, "ofni") and entry count, then the entries as
 * UTF-16LE. Returns the block and the IJMetadataByteCounts values (header size, then each entry's size).
 */
export function imagejInfoBlock(info: string): { bytes: Uint8Array; counts: number[] } {
  const header = new Uint8Array([0x4a, 0x49, 0x4a, 0x49, 0x6f, 0x66, 0x6e, 0x69, 1, 0, 0, 0]); // JIJI ofni 1
  const body = new Uint8Array(info.length * 2);
  for (let i = 0; i < info.length; i++) {
    const u = info.charCodeAt(i);
    body[2 * i] = u & 0xff;
    body[2 * i + 1] = u >>> 8;
  }
  const bytes = new Uint8Array(header.length + body.length);
  bytes.set(header, 0);
  bytes.set(body, header.length);
  return { bytes, counts: [header.length, body.length] };
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
