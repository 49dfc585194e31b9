/**
 * Voxel data types as stored. Complex types are stored interleaved (re, im), so one voxel is two
 * numbers of the component type; every other type is one number per voxel.
 */
export const DTYPES = [
  'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64',
  'float32', 'float64', 'complex64', 'complex128',
] as const;
export type DType = (typeof DTYPES)[number];

/** Arrays of plain numbers that planes and measurements are computed in. */
export type FloatArray = Float32Array | Float64Array;

export type TypedArray =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | BigUint64Array | BigInt64Array | Float32Array | Float64Array;

/** Bytes per voxel (complex: both components). */
export function bytesPerVoxel(d: DType): number {
  switch (d) {
    case 'uint8': case 'int8': return 1;
    case 'uint16': case 'int16': return 2;
    case 'uint32': case 'int32': case 'float32': return 4;
    case 'uint64': case 'int64': case 'float64': case 'complex64': return 8;
    case 'complex128': return 16;
  }
}

/** Numbers per voxel: 2 for complex (re, im), else 1. */
export function componentsPerVoxel(d: DType): number {
  return d === 'complex64' || d === 'complex128' ? 2 : 1;
}

/** A typed-array view of the right element type over raw little-endian (host order) bytes. */
export function typedView(d: DType, buf: ArrayBufferLike, byteOffset = 0, voxels?: number): TypedArray {
  const n = voxels === undefined ? undefined : voxels * componentsPerVoxel(d);
  switch (d) {
    case 'uint8': return new Uint8Array(buf, byteOffset, n);
    case 'int8': return new Int8Array(buf, byteOffset, n);
    case 'uint16': return new Uint16Array(buf, byteOffset, n);
    case 'int16': return new Int16Array(buf, byteOffset, n);
    case 'uint32': return new Uint32Array(buf, byteOffset, n);
    case 'int32': return new Int32Array(buf, byteOffset, n);
    case 'uint64': return new BigUint64Array(buf, byteOffset, n);
    case 'int64': return new BigInt64Array(buf, byteOffset, n);
    case 'float32': case 'complex64': return new Float32Array(buf, byteOffset, n);
    case 'float64': case 'complex128': return new Float64Array(buf, byteOffset, n);
  }
}

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'complex64' || d === 'complex128';
}
