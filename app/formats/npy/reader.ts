/**
 * NumPy .npy reader. Axis rule (numpy shape -> canonical axes; the last numpy axis is always x):
 *   1D (x)   2D (y, x)   3D (z, y, x)   4D (c, z, y, x)   5D (t, c, z, y, x)
 * 4D is read as channels-first because the project's own writer never writes 4D (it writes 3D for one
 * channel and time point, else 5D), and (c, z, y, x) is the common layout of multi-channel stacks.
 * C order maps straight onto canonical order (one plane = one contiguous run); Fortran order is
 * transposed on the fly (one plane = a strided gather).
 */
import { bytesPerVoxel, componentsPerVoxel } from '../../model/dtype.js';
import type { Dims, VolumeMeta } from '../../model/volume.js';
import { FormatError, throwIfAborted } from '../errors.js';
import type { Header, VolumeReader } from '../reader.js';
import { MAGIC, parseDescr, parseNpyDict } from './header.js';
import { copyStrided, swapInPlace } from './strided.js';

export interface NpyLayout {
  /** Byte offset of the array data. */
  offset: number;
  /** Bytes per voxel. */
  size: number;
  /** Element width to byte-swap (1: none). */
  swap: number;
  fortran: boolean;
  x: number;
  y: number;
  z: number;
  c: number;
  t: number;
  /** Planes (z * c * t). */
  planes: number;
}

/** numpy caps headers at 10 KB by default; a generous bound keeps a hostile length from allocating. */
const MAX_HEADER_BYTES = 1 << 20;
/** Bytes read at once when gathering a plane of a Fortran-ordered array. */
const CHUNK_BYTES = 8 << 20;

function dimsOf(shape: number[]): Dims | string {
  const s = shape;
  switch (s.length) {
    case 1: return { x: s[0], y: 1, z: 1, c: 1, t: 1 };
    case 2: return { x: s[1], y: s[0], z: 1, c: 1, t: 1 };
    case 3: return { x: s[2], y: s[1], z: s[0], c: 1, t: 1 };
    case 4: return { x: s[3], y: s[2], z: s[1], c: s[0], t: 1 };
    case 5: return { x: s[4], y: s[3], z: s[2], c: s[1], t: s[0] };
    default: return `a ${s.length}-dimensional array cannot be a volume (1 to 5 axes: (t, c, z, y, x))`;
  }
}

function isMagic(head: Uint8Array): boolean {
  return MAGIC.every((b, i) => head[i] === b);
}

export const npyReader: VolumeReader<NpyLayout> = {
  id: 'npy',
  label: 'NumPy array',
  extensions: ['npy'],

  sniff(head) {
    return isMagic(head);
  },

  async readHeader(files) {
    const src = files.primary;
    const name = src.name;
    if (src.size < 10) throw new FormatError(name, `file is ${src.size} bytes, too short for a .npy header`);
    const pre = await src.read(0, Math.min(src.size, 12));
    if (!isMagic(pre)) throw new FormatError(name, 'not a .npy file (missing the "\\x93NUMPY" magic)');
    const major = pre[6];
    if (major < 1 || major > 3) throw new FormatError(name, `unsupported .npy format version ${major}.${pre[7]} (1.0, 2.0 and 3.0 are known)`);
    const lenBytes = major === 1 ? 2 : 4;
    if (src.size < 8 + lenBytes) throw new FormatError(name, 'file ends inside the .npy preamble');
    const hlen = lenBytes === 2 ? pre[8] | (pre[9] << 8) : (pre[8] | (pre[9] << 8) | (pre[10] << 16)) + pre[11] * 2 ** 24;
    const offset = 8 + lenBytes + hlen;
    if (hlen > MAX_HEADER_BYTES) throw new FormatError(name, `header length ${hlen} is implausibly large`);
    if (offset > src.size) throw new FormatError(name, `header length ${hlen} runs past the end of the file (${src.size} bytes)`);
    const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(await src.read(8 + lenBytes, hlen));
    const dict = parseNpyDict(text);
    if (typeof dict === 'string') throw new FormatError(name, dict);
    const type = parseDescr(dict.descr);
    if (typeof type === 'string') throw new FormatError(name, type);
    const dims = dimsOf(dict.shape);
    if (typeof dims === 'string') throw new FormatError(name, dims);
    const size = bytesPerVoxel(type.dtype);
    const count = dict.shape.reduce((a, b) => a * b, 1);
    if (count === 0) throw new FormatError(name, `array of shape (${dict.shape.join(', ')}) is empty`);
    const need = offset + count * size;
    if (need > src.size) {
      throw new FormatError(name, `data is truncated: shape (${dict.shape.join(', ')}) of ${dict.descr} needs ${count * size} bytes after the ${offset}-byte header, the file has ${src.size - offset}`);
    }
    const component = size / componentsPerVoxel(type.dtype);
    const warnings = need < src.size ? [`${src.size - need} bytes after the array data were ignored`] : [];
    const meta: VolumeMeta = {
      format: 'npy',
      dims,
      dtype: type.dtype,
      bigEndian: type.bigEndian && component > 1,
      spacing: { x: 1, y: 1, z: 1, t: 1 },
      unit: '',
      timeUnit: '',
      channels: Array.from({ length: dims.c }, (_, i) => ({ name: `Channel ${i + 1}`, wavelength: null })),
      scaling: null,
      affine: null,
      extra: { 'npy shape': `(${dict.shape.join(', ')})`, 'npy descr': dict.descr, 'npy fortran_order': dict.fortran, 'npy version': `${major}.${pre[7]}` },
      warnings,
    };
    const layout: NpyLayout = {
      offset, size, swap: type.bigEndian ? component : 1, fortran: dict.fortran,
      x: dims.x, y: dims.y, z: dims.z, c: dims.c, t: dims.t, planes: dims.z * dims.c * dims.t,
    };
    return { meta, layout } satisfies Header<NpyLayout>;
  },

  async decodePlane(files, header, plane, dest, ctx) {
    const L = header.layout;
    const planeBytes = L.x * L.y * L.size;
    if (plane < 0 || plane >= L.planes) throw new RangeError(`plane ${plane} out of range (0..${L.planes - 1})`);
    const src = files.primary;
    if (!L.fortran) {
      dest.set(await src.read(L.offset + plane * planeBytes, planeBytes));
    } else {
      // Fortran order reverses the numpy axes (t, c, z, y, x): t runs fastest, then c, z, y, x. So voxel
      // (x, y) of plane (z, c, t) is element base + P*(y + Y*x) with base = t + T*(c + C*z).
      const z = plane % L.z;
      const c = ((plane - z) / L.z) % L.c;
      const t = (plane - z - L.z * c) / (L.z * L.c);
      const base = t + L.t * (c + L.c * z);
      const P = L.planes;
      const column = P * L.y * L.size; // bytes from one x to the next
      const colsPerRead = Math.max(1, Math.floor(CHUNK_BYTES / column));
      for (let x0 = 0; x0 < L.x; x0 += colsPerRead) {
        throwIfAborted(ctx.signal);
        const k = Math.min(colsPerRead, L.x - x0);
        const first = L.offset + (base + P * L.y * x0) * L.size;
        const buf = await src.read(first, (k - 1) * column + (P * (L.y - 1)) * L.size + L.size);
        for (let i = 0; i < k; i++) {
          copyStrided(buf, i * column, P * L.size, dest, (x0 + i) * L.size, L.x * L.size, L.y, L.size);
        }
      }
    }
    swapInPlace(dest.subarray(0, planeBytes), L.swap);
  },

  /** In a C-ordered, little-endian (or one-byte) array every plane is one run of the file. */
  rawExtent(header, plane) {
    const L = header.layout;
    if (L.fortran || L.swap !== 1) return null;
    const planeBytes = L.x * L.y * L.size;
    return { offset: L.offset + plane * planeBytes, length: planeBytes };
  },
};
