import { isFloat, type DType, type TypedArray } from '../model/dtype.js';
import type { Dims, Scaling, VolumeMeta } from '../model/volume.js';
import { checkData, checkVoxel, valueAt, voxelIndex } from '../measure/voxel.js';

/* The cursor readout: where a voxel is in the world and what it holds. */

export interface Vec3 { x: number; y: number; z: number }

/**
 * World coordinates of a voxel (index space; fractional indices allowed): through the file's affine
 * when it has one (NIfTI: voxel centres, RAS+ millimetres), else index * spacing in meta.unit.
 */
export function voxelToWorld(meta: VolumeMeta, v: Vec3): Vec3 {
  const a = meta.affine;
  if (a) {
    return {
      x: a[0][0] * v.x + a[0][1] * v.y + a[0][2] * v.z + a[0][3],
      y: a[1][0] * v.x + a[1][1] * v.y + a[1][2] * v.z + a[1][3],
      z: a[2][0] * v.x + a[2][1] * v.y + a[2][2] * v.z + a[2][3],
    };
  }
  const s = meta.spacing;
  return { x: v.x * s.x, y: v.y * s.y, z: v.z * s.z };
}

/** The physical value of a stored value (NIfTI scl_slope / scl_inter); stored values are kept apart. */
export function scaledValue(v: number, scaling: Scaling | null): number {
  return scaling ? v * scaling.slope + scaling.inter : v;
}

/**
 * A value for the readout. Integer data prints exactly at any size. Floats get up to 6 significant
 * digits, switching to exponent notation outside 1e-4..1e6 so tiny and huge values stay readable
 * (whole floats below 1e6 print as integers). Non-finite values print as NaN, Inf, -Inf.
 */
export function formatValue(v: number, dtype: DType): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(v) && !isFloat(dtype)) {
    // Beyond 2^53 String() rounds to '...7000'; BigInt spells out the value the number really holds.
    return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
  }
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e6) return String(v);
  if (a >= 1e6 || a < 1e-4) return trimExponent(v.toExponential(5));
  return String(Number(v.toPrecision(6)));
}

/** '1.50000e+7' → '1.5e+7'. */
function trimExponent(s: string): string {
  return s.replace(/\.?0+e/, 'e');
}

export interface ReadVoxelParams { data: TypedArray; dims: Dims; dtype: DType; x: number; y: number; z: number; c: number; t: number }

/** The stored value of one voxel as a number: complex by magnitude, 64-bit integers via Number(). */
export function readVoxel(p: ReadVoxelParams): number {
  checkVoxel(p.dims, p);
  checkData(p.data, p.dims, p.dtype);
  return valueAt(p.data, p.dtype, voxelIndex(p.dims, p.x, p.y, p.z, p.c, p.t));
}
