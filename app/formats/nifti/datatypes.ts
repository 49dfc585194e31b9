import type { DType } from '../../model/dtype.js';

/** How one NIfTI datatype code is stored and what it becomes in the Volume model. */
export interface NiftiType {
  code: number;
  name: string;
  dtype: DType;
  /** Bits per voxel on disk (the header's bitpix should match). */
  bitpix: number;
  /** Bytes of one number, the unit of byte-swapping (complex: one component). */
  swapSize: number;
  /** Interleaved samples per voxel on disk that become channels: 3 for RGB24, 4 for RGBA32, else 1. */
  samples: number;
}

const TYPES: NiftiType[] = [
  { code: 2, name: 'UINT8', dtype: 'uint8', bitpix: 8, swapSize: 1, samples: 1 },
  { code: 4, name: 'INT16', dtype: 'int16', bitpix: 16, swapSize: 2, samples: 1 },
  { code: 8, name: 'INT32', dtype: 'int32', bitpix: 32, swapSize: 4, samples: 1 },
  { code: 16, name: 'FLOAT32', dtype: 'float32', bitpix: 32, swapSize: 4, samples: 1 },
  { code: 32, name: 'COMPLEX64', dtype: 'complex64', bitpix: 64, swapSize: 4, samples: 1 },
  { code: 64, name: 'FLOAT64', dtype: 'float64', bitpix: 64, swapSize: 8, samples: 1 },
  { code: 128, name: 'RGB24', dtype: 'uint8', bitpix: 24, swapSize: 1, samples: 3 },
  { code: 256, name: 'INT8', dtype: 'int8', bitpix: 8, swapSize: 1, samples: 1 },
  { code: 512, name: 'UINT16', dtype: 'uint16', bitpix: 16, swapSize: 2, samples: 1 },
  { code: 768, name: 'UINT32', dtype: 'uint32', bitpix: 32, swapSize: 4, samples: 1 },
  { code: 1024, name: 'INT64', dtype: 'int64', bitpix: 64, swapSize: 8, samples: 1 },
  { code: 1280, name: 'UINT64', dtype: 'uint64', bitpix: 64, swapSize: 8, samples: 1 },
  { code: 1792, name: 'COMPLEX128', dtype: 'complex128', bitpix: 128, swapSize: 8, samples: 1 },
  { code: 2304, name: 'RGBA32', dtype: 'uint8', bitpix: 32, swapSize: 1, samples: 4 },
];

/** Codes we know but cannot represent: named in the error instead of "unknown datatype". */
const UNSUPPORTED: Record<number, string> = {
  0: 'UNKNOWN (0)',
  1: 'BINARY (1 bit per voxel)',
  1536: 'FLOAT128 (no 128-bit float type in JavaScript)',
  2048: 'COMPLEX256 (no 128-bit float type in JavaScript)',
};

/** The type for a datatype code, or a message saying why it cannot be read. */
export function niftiType(code: number): NiftiType | string {
  const t = TYPES.find((x) => x.code === code);
  if (t) return t;
  return `unsupported datatype ${UNSUPPORTED[code] ?? code}`;
}

/** The datatype code the writer uses for a dtype (never RGB24: channels are written as dim[5]). */
export function codeForDtype(d: DType): number {
  const t = TYPES.find((x) => x.dtype === d && x.samples === 1);
  if (!t) throw new Error(`no NIfTI datatype for ${d}`);
  return t.code;
}

export function typeForDtype(d: DType): NiftiType {
  return niftiType(codeForDtype(d)) as NiftiType;
}

/**
 * Reverses the byte order of every `size`-byte number in `b` in place. Uses 32-bit words when the view
 * is aligned (one shift-and-mask per word instead of four byte moves); falls back to a byte loop.
 */
export function swapInPlace(b: Uint8Array, size: number): void {
  if (size <= 1) return;
  const n = b.byteLength;
  if (b.byteOffset % 4 === 0 && n % 4 === 0) {
    const w = new Uint32Array(b.buffer, b.byteOffset, n >>> 2);
    if (size === 2) {
      for (let i = 0; i < w.length; i++) {
        const v = w[i];
        w[i] = ((v & 0xff00ff00) >>> 8) | ((v & 0x00ff00ff) << 8);
      }
      return;
    }
    if (size === 4 || size === 8) {
      for (let i = 0; i < w.length; i++) {
        const v = w[i];
        w[i] = (v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
      }
      // 8-byte numbers: the bytes within each word are reversed; now swap the two words.
      if (size === 8) {
        for (let i = 0; i + 1 < w.length; i += 2) {
          const t = w[i];
          w[i] = w[i + 1];
          w[i + 1] = t;
        }
      }
      return;
    }
  }
  for (let i = 0; i + size <= n; i += size) {
    for (let a = i, z = i + size - 1; a < z; a++, z--) {
      const t = b[a];
      b[a] = b[z];
      b[z] = t;
    }
  }
}

/** Splits `samples` interleaved bytes per voxel into planes: plane s gets src[v*samples + s]. */
export function deinterleave(src: Uint8Array, samples: number, planes: Uint8Array[]): void {
  const n = planes[0].length;
  for (let s = 0; s < samples; s++) {
    const out = planes[s];
    for (let v = 0, i = s; v < n; v++, i += samples) out[v] = src[i];
  }
}
