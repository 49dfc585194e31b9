import { activeScaling, toCalibrated, type ValueMapping } from '../model/calibration.js';
import { complexReducer, type ComplexPart } from '../model/complex.js';
import { componentsPerVoxel, isFloat, type DType, type TypedArray } from '../model/dtype.js';
import type { Dims, VolumeMeta } from '../model/volume.js';
import { checkData, checkVoxel, valueAt, voxelIndex, type NumberArray } from '../measure/voxel.js';

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

const PART_SYMBOL: Record<ComplexPart, string> = { magnitude: '|z|', phase: 'arg z', real: 'Re z', imaginary: 'Im z' };

/**
 * One voxel as the readout prints it: the stored value, then what the viewer shows for it when that
 * differs: '248 → -776' (calibrated), '3 + 4i → |z| 5' (complex, with the part shown).
 */
export function voxelText(p: ReadVoxelParams, m: ValueMapping): string {
  checkVoxel(p.dims, p);
  checkData(p.data, p.dims, p.dtype);
  const i = voxelIndex(p.dims, p.x, p.y, p.z, p.c, p.t);
  if (componentsPerVoxel(p.dtype) === 2) {
    const a = p.data as NumberArray;
    const re = a[2 * i], im = a[2 * i + 1];
    const sign = im < 0 || Object.is(im, -0) ? '−' : '+';
    const shown = complexReducer(m.complex, activeScaling(m.scaling))(re, im);
    return `${formatValue(re, p.dtype)} ${sign} ${formatValue(Math.abs(im), p.dtype)}i → ${PART_SYMBOL[m.complex]} ${formatValue(shown, 'float64')}`;
  }
  const v = valueAt(p.data, p.dtype, i);
  const stored = formatValue(v, p.dtype);
  return activeScaling(m.scaling) ? `${stored} → ${formatValue(toCalibrated(v, m.scaling), 'float64')}` : stored;
}
