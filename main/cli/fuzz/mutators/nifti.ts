import { floatBytes, intBytes, splice, truncate, type Op } from '../ops.js';
import type { Rng } from '../prng.js';
import { genericOps } from './generic.js';
import { interestingFloat, interestingInt } from './values.js';

type Kind = 'i16' | 'i32' | 'i64' | 'f32' | 'f64' | 'u8';
interface Field { name: string; at: number; kind: Kind; values?: number[] }

const DATATYPES = [0, 1, 2, 3, 4, 5, 7, 8, 16, 32, 64, 128, 255, 256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2304, 32767, -1];
const BITPIX = [0, 1, 7, 8, 16, 24, 32, 64, 128, 256, -8];
const XFORM_CODES = [0, 1, 2, 3, 4, 5, -1, 32767];

function fields(v: 1 | 2): Field[] {
  const out: Field[] = [];
  const i = v === 1 ? 'i16' : 'i64';
  const f = v === 1 ? 'f32' : 'f64';
  const dimAt = v === 1 ? 40 : 16;
  const pixAt = v === 1 ? 76 : 104;
  const step = v === 1 ? 2 : 8;
  const fstep = v === 1 ? 4 : 8;
  out.push({ name: 'dim[0]', at: dimAt, kind: i, values: [0, 1, 2, 3, 4, 5, 6, 7, 8, -1, 255] });
  for (let k = 1; k < 8; k++) out.push({ name: `dim[${k}]`, at: dimAt + step * k, kind: i });
  for (let k = 0; k < 8; k++) out.push({ name: `pixdim[${k}]`, at: pixAt + fstep * k, kind: f });
  const srowAt = v === 1 ? 280 : 400;
  for (let k = 0; k < 12; k++) out.push({ name: `srow[${k}]`, at: srowAt + fstep * k, kind: f });
  const quatAt = v === 1 ? 256 : 352;
  for (let k = 0; k < 6; k++) out.push({ name: `quatern/qoffset[${k}]`, at: quatAt + fstep * k, kind: f });
  if (v === 1) {
    out.push(
      { name: 'datatype', at: 70, kind: 'i16', values: DATATYPES }, { name: 'bitpix', at: 72, kind: 'i16', values: BITPIX },
      { name: 'vox_offset', at: 108, kind: 'f32' }, { name: 'scl_slope', at: 112, kind: 'f32' }, { name: 'scl_inter', at: 116, kind: 'f32' },
      { name: 'xyzt_units', at: 123, kind: 'u8' }, { name: 'cal_max', at: 124, kind: 'f32' }, { name: 'cal_min', at: 128, kind: 'f32' },
      { name: 'qform_code', at: 252, kind: 'i16', values: XFORM_CODES }, { name: 'sform_code', at: 254, kind: 'i16', values: XFORM_CODES },
      { name: 'intent_code', at: 68, kind: 'i16' },
    );
  } else {
    out.push(
      { name: 'datatype', at: 12, kind: 'i16', values: DATATYPES }, { name: 'bitpix', at: 14, kind: 'i16', values: BITPIX },
      { name: 'vox_offset', at: 168, kind: 'i64' }, { name: 'scl_slope', at: 176, kind: 'f64' }, { name: 'scl_inter', at: 184, kind: 'f64' },
      { name: 'cal_max', at: 192, kind: 'f64' }, { name: 'cal_min', at: 200, kind: 'f64' },
      { name: 'qform_code', at: 344, kind: 'i32', values: XFORM_CODES }, { name: 'sform_code', at: 348, kind: 'i32', values: XFORM_CODES },
      { name: 'xyzt_units', at: 500, kind: 'i32' }, { name: 'intent_code', at: 504, kind: 'i32' },
    );
  }
  return out;
}

const WIDTH: Record<Kind, 1 | 2 | 4 | 8> = { u8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };

function read(dv: DataView, fd: Field, le: boolean): number {
  switch (fd.kind) {
    case 'u8': return dv.getUint8(fd.at);
    case 'i16': return dv.getInt16(fd.at, le);
    case 'i32': return dv.getInt32(fd.at, le);
    case 'i64': return Number(dv.getBigInt64(fd.at, le));
    case 'f32': return dv.getFloat32(fd.at, le);
    case 'f64': return dv.getFloat64(fd.at, le);
  }
}

/** Version and byte order from sizeof_hdr, as the reader decides them. */
export function niftiKind(b: Uint8Array): { v: 1 | 2; le: boolean } | null {
  if (b.length < 4) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (const le of [true, false]) {
    const s = dv.getInt32(0, le);
    if (s === 348) return { v: 1, le };
    if (s === 540) return { v: 2, le };
  }
  return null;
}

/**
 * Edits of a NIfTI-1/2 header (dim[], datatype, bitpix, vox_offset, pixdim, scl_*, the forms, magic,
 * extensions) and cuts at its boundaries (348/352/540/544, vox_offset, slice ends). Null when `b` has
 * no NIfTI header.
 */
export function niftiOps(rng: Rng, f: string, b: Uint8Array): Op[] | null {
  const k = niftiKind(b);
  if (!k) return null;
  const size = k.v === 1 ? 348 : 540;
  if (b.length < size) return genericOps(rng, f, b, [4, 40, 70, 108, 344, 348]);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = k.le;
  const all = fields(k.v);
  const vox = Math.max(0, Math.floor(read(dv, all.find((x) => x.name === 'vox_offset')!, le))) || size + 4;
  const boundaries = [4, 40, 70, 108, 148, 252, 280, 344, size, size + 4, size + 8, size + 16, vox - 1, vox, vox + 1, b.length - 1];
  for (let s = 1; s <= 4; s++) boundaries.push(vox + Math.floor(((b.length - vox) * s) / 5));
  const op = rng.weighted<() => Op[] | null>([
    [8, () => {
      const fd = rng.pick(all);
      const cur = read(dv, fd, le);
      const w = WIDTH[fd.kind];
      let bytes: number[];
      let v: number | bigint;
      if (fd.kind === 'f32' || fd.kind === 'f64') {
        v = fd.name === 'vox_offset' && rng.chance(0.5) ? rng.pick([0, 348, 351.5, 352, 540, 544, b.length, b.length + 1, -352, 1e10]) : interestingFloat(rng, cur);
        bytes = floatBytes(v, w as 4 | 8, le);
      } else {
        v = fd.values && rng.chance(0.6) ? rng.pick(fd.values) : interestingInt(rng, w, cur, b.length);
        bytes = intBytes(v, w, le);
      }
      return [splice(f, fd.at, w, bytes, `${f}: ${fd.name} ${cur} -> ${v}`)];
    }],
    [2, () => {
      // Dims that multiply past 2^31 or 2^53 while each looks sane.
      const dimAt = k.v === 1 ? 40 : 16;
      const w = k.v === 1 ? 2 : 8;
      const v = k.v === 1 ? rng.pick([32767, 16384, 4096]) : rng.pick([2 ** 31 - 1, 2 ** 20, 2 ** 27]);
      const ops: Op[] = [];
      for (let i = 1; i <= 4; i++) ops.push(splice(f, dimAt + w * i, w, intBytes(v, w as 2 | 8, le), `${f}: dim[${i}] = ${v}`));
      return ops;
    }],
    [2, () => {
      const magicAt = k.v === 1 ? 344 : 4;
      const m = rng.pick(['n+1\0', 'ni1\0', 'n+2\0', 'ni2\0', 'n+1 ', '\0\0\0\0', 'N+1\0']);
      return [splice(f, magicAt, 4, [...m].map((c) => c.charCodeAt(0)), `${f}: magic -> ${JSON.stringify(m)}`)];
    }],
    [1, () => {
      const v = rng.pick([348, 540, 0, 347, 0x5c010000, 0x1c020000, -348]);
      return [splice(f, 0, 4, intBytes(v, 4, le), `${f}: sizeof_hdr -> ${v}`)];
    }],
    [2, () => {
      // Extensions: the extender flag and a first extension with a bad esize or code.
      const ops: Op[] = [splice(f, size, 1, [rng.pick([0, 1, 255])], `${f}: extender byte set`)];
      if (b.length >= size + 12 && rng.chance(0.7)) {
        const esize = rng.pick([0, 8, 15, 16, 17, 32, -16, 0x7ffffff0, b.length, b.length - size]);
        ops.push(splice(f, size + 4, 4, intBytes(esize, 4, le), `${f}: first extension esize -> ${esize}`));
        ops.push(splice(f, size + 8, 4, intBytes(rng.pick([0, 4, 6, 40, -1]), 4, le), `${f}: first extension ecode changed`));
      }
      return ops;
    }],
    [4, () => {
      const at = rng.pick(boundaries.filter((x) => x > 0 && x < b.length));
      return [truncate(f, at, `${f}: cut at ${at} of ${b.length} (header/extension/slice boundary)`)];
    }],
  ])();
  return op ?? genericOps(rng, f, b, boundaries);
}
