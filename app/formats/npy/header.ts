/**
 * The .npy preamble: "\x93NUMPY", version (1.0: 2-byte header length; 2.0 and 3.0: 4-byte), then a
 * Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (z, y, x), } padded with spaces.
 * 3.0 only differs by allowing UTF-8 in the header.
 */
import type { DType } from '../../model/dtype.js';
import { quoted } from '../errors.js';

export const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface NpyDict {
  descr: string;
  fortran: boolean;
  shape: number[];
}

/** Parses the dict literal; returns a problem text when it is not one we understand. */
export function parseNpyDict(text: string): NpyDict | string {
  const descrList = /['"]descr['"]\s*:\s*\[/.test(text);
  if (descrList) return 'structured (record) dtypes are not supported: a volume needs one number type';
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) return `the header is not a valid .npy dict: ${JSON.stringify(text.trim().slice(0, 120))}`;
  const dims: number[] = [];
  for (const part of shape[1].split(',')) {
    const s = part.trim().replace(/L$/, ''); // Python 2 wrote longs as 12L
    if (s === '') continue;
    if (!/^\d+$/.test(s)) return `shape ${JSON.stringify(shape[0])} has a non-integer entry`;
    dims.push(Number(s));
  }
  return { descr: descr[1], fortran: fortran[1] === 'True', shape: dims };
}

const KINDS: Record<string, DType> = {
  b1: 'uint8', u1: 'uint8', i1: 'int8', u2: 'uint16', i2: 'int16', u4: 'uint32', i4: 'int32', u8: 'uint64',
  i8: 'int64', f4: 'float32', f8: 'float64', c8: 'complex64', c16: 'complex128',
};

export interface NpyType { dtype: DType; bigEndian: boolean }

/** '<f4', '>u2', '|u1', '=i4' -> dtype and byte order; problem text for anything else. */
export function parseDescr(descr: string): NpyType | string {
  const m = /^([<>|=]?)([a-zA-Z]\d+)$/.exec(descr);
  const dtype = m ? KINDS[m[2]] : undefined;
  if (!m || !dtype) {
    const what = descr.startsWith('|O') || descr === 'O' ? ' (Python objects)'
      : /^[<>|=]?[USV]/.test(descr) ? ' (strings / raw bytes)'
      : /^[<>|=]?f2$/.test(descr) ? ' (float16)' : /^[<>|=]?[Mm]/.test(descr) ? ' (dates / time deltas)' : '';
    return `unsupported dtype ${quoted(descr)}${what}; supported: bool, (u)int8-64, float32/64, complex64/128`;
  }
  return { dtype, bigEndian: m[1] === '>' };
}

/** The descr numpy writes for a little-endian array of `d`. */
export function descrOf(d: DType): string {
  switch (d) {
    case 'uint8': return '|u1';
    case 'int8': return '|i1';
    case 'uint16': return '<u2';
    case 'int16': return '<i2';
    case 'uint32': return '<u4';
    case 'int32': return '<i4';
    case 'uint64': return '<u8';
    case 'int64': return '<i8';
    case 'float32': return '<f4';
    case 'float64': return '<f8';
    case 'complex64': return '<c8';
    case 'complex128': return '<c16';
  }
}
