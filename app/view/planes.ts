import { componentsPerVoxel, type DType, type FloatArray, type TypedArray } from '../model/dtype.js';
import { planeIndex, type Dims, type Spacing } from '../model/volume.js';
import { checkData } from '../measure/voxel.js';
import { calibrateInPlace, STORED_VALUES, type ValueMapping } from '../model/calibration.js';
import { complexReducer } from '../model/complex.js';
import { copyRun, copyStrided } from './plane-copy.js';

/*
 * Orthogonal planes laid out like Fiji's Orthogonal Views, so the three views share their axes:
 *
 *   +---------+----+
 *   |   XY    | YZ |   XY: column = x, row = y     (normal z)
 *   |         |    |   YZ: column = z, row = y     (normal x), to the right of XY: rows line up
 *   +---------+----+
 *   |   XZ    |          XZ: column = x, row = z   (normal y), below XY: columns line up
 *   +---------+
 *
 * Row 0 is drawn at the top and column 0 at the left.
 */

export type Axis = 'xy' | 'xz' | 'yz';
export const AXES: readonly Axis[] = ['xy', 'xz', 'yz'];

export interface PlaneSize { width: number; height: number }

export function planeSize(d: Dims, axis: Axis): PlaneSize {
  switch (axis) {
    case 'xy': return { width: d.x, height: d.y };
    case 'xz': return { width: d.x, height: d.z };
    case 'yz': return { width: d.z, height: d.y };
  }
}

/** The slice index along the axis normal: xy → z, xz → y, yz → x. */
export function sliceCount(d: Dims, axis: Axis): number {
  switch (axis) {
    case 'xy': return d.z;
    case 'xz': return d.y;
    case 'yz': return d.x;
  }
}

/** A spacing that is missing, zero, negative or not finite counts as 1, so views never collapse. */
function usable(s: number): number {
  return Number.isFinite(s) && s > 0 ? s : 1;
}

/** Physical size of one screen pixel of that plane: {x: spacing along the plane's horizontal axis, y: along its vertical}. */
export function planePixelSize(s: Spacing, axis: Axis): { x: number; y: number } {
  switch (axis) {
    case 'xy': return { x: usable(s.x), y: usable(s.y) };
    case 'xz': return { x: usable(s.x), y: usable(s.z) };
    case 'yz': return { x: usable(s.z), y: usable(s.y) };
  }
}

/**
 * The finest voxel size among the axes the volume extends along (x and y always; z with two slices or
 * more), with planePixelSize's rule for unusable spacings: the unit of the zoom indicator, so the three
 * orthogonal views, drawn at one physical scale, state one zoom.
 */
export function finestSpacing(d: Dims, s: Spacing): number {
  return Math.min(usable(s.x), usable(s.y), d.z > 1 ? usable(s.z) : Infinity);
}

/** Maps a plane pixel (column, row) on slice `slice` to voxel coords. Works for fractional coords too. */
export function planeToVoxel(axis: Axis, col: number, row: number, slice: number): { x: number; y: number; z: number } {
  switch (axis) {
    case 'xy': return { x: col, y: row, z: slice };
    case 'xz': return { x: col, y: slice, z: row };
    case 'yz': return { x: slice, y: row, z: col };
  }
}

/** The inverse of planeToVoxel. */
export function voxelToPlane(axis: Axis, v: { x: number; y: number; z: number }): { col: number; row: number; slice: number } {
  switch (axis) {
    case 'xy': return { col: v.x, row: v.y, slice: v.z };
    case 'xz': return { col: v.x, row: v.z, slice: v.y };
    case 'yz': return { col: v.z, row: v.y, slice: v.x };
  }
}

/**
 * Which planes of a volume (canonical indices: z fastest, then c, t) have arrived. A volume streams in
 * mostly in order, but the planes the user looks at may come first, so this is a set, not a count.
 */
export interface LoadedPlanes {
  has(plane: number): boolean;
  /** Every plane is there. */
  readonly complete: boolean;
}

/** A volume that is whole. */
export const ALL_PLANES: LoadedPlanes = { has: () => true, complete: true };

/** The first `n` planes (a volume that streamed in order). */
export function firstPlanes(n: number): LoadedPlanes {
  return { has: (p) => p < n, complete: false };
}

/** How much of plane (axis, index, c, t) can be shown: an xy plane is one source plane, xz and yz cut through every z. */
export function planeCoverage(d: Dims, axis: Axis, index: number, c: number, t: number, loaded: LoadedPlanes): 'full' | 'partial' | 'none' {
  if (loaded.complete) return 'full';
  if (axis === 'xy') return loaded.has(planeIndex(d, index, c, t)) ? 'full' : 'none';
  let n = 0;
  for (let z = 0; z < d.z; z++) if (loaded.has(planeIndex(d, z, c, t))) n++;
  return n === d.z ? 'full' : n ? 'partial' : 'none';
}

/** True when every source plane that plane (axis, index, c, t) reads has arrived. */
export function planeReady(d: Dims, axis: Axis, index: number, c: number, t: number, loaded: LoadedPlanes): boolean {
  return planeCoverage(d, axis, index, c, t, loaded) === 'full';
}

/**
 * The slice to show of a load that stopped short: z itself when its xy plane of channel 0, time 0
 * arrived, else the nearest that did (so a view shows what was read, not a blank); null when none did.
 */
export function arrivedSlice(d: Dims, z: number, loaded: LoadedPlanes): number | null {
  for (let k = 0; k < d.z; k++) {
    for (const zz of [z - k, z + k]) if (zz >= 0 && zz < d.z && loaded.has(planeIndex(d, zz, 0, 0))) return zz;
  }
  return null;
}

export interface ExtractPlaneParams {
  data: TypedArray; dims: Dims; dtype: DType; axis: Axis;
  /** Slice along the normal: z for xy, y for xz, x for yz. */
  index: number;
  c: number; t: number;
  /** The planes that have arrived; default all. */
  loaded?: LoadedPlanes;
  /**
   * xz and yz cut through every z plane: with `partial`, a plane with some of them missing is still
   * drawn, their rows (xz) or columns (yz) NaN; without, it is not drawn until all are in.
   */
  partial?: boolean;
  /** width * height numbers (see planeSize), row-major. */
  out: FloatArray;
  /** Which numbers: calibrated (scaling) and, for complex data, which part. Default: stored, magnitude. */
  values?: ValueMapping;
}

/**
 * Copies one plane into out as the numbers the viewer shows: calibrated (value = stored * slope +
 * inter), complex voxels reduced to the chosen part, 64-bit integers through Number(). Returns false,
 * leaving out untouched, when a needed source plane has not arrived (with `partial`: when none has). xy and xz copy whole contiguous
 * runs (an xz row is one row of one z plane); yz reads one voxel per image row, walking each z plane in
 * memory order so the reads go forward with a constant stride.
 */
export function extractPlane(p: ExtractPlaneParams): boolean {
  const { data, dims: d, dtype, axis, index, c, t, out } = p;
  const n = sliceCount(d, axis);
  if (!(Number.isInteger(index) && index >= 0 && index < n)) throw new RangeError(`${axis} slice ${index} is outside 0..${n - 1}`);
  if (!(Number.isInteger(c) && c >= 0 && c < d.c && Number.isInteger(t) && t >= 0 && t < d.t)) {
    throw new RangeError(`channel ${c}, time ${t} is outside ${d.c} channels, ${d.t} times`);
  }
  const { width, height } = planeSize(d, axis);
  if (out.length < width * height) throw new RangeError(`out holds ${out.length} numbers, the ${axis} plane needs ${width * height}`);
  checkData(data, d, dtype);
  const loaded = p.loaded ?? ALL_PLANES;
  const coverage = planeCoverage(d, axis, index, c, t, loaded);
  if (coverage === 'none' || (coverage === 'partial' && !p.partial)) return false;
  const arrived = (z: number): boolean => coverage === 'full' || loaded.has(planeIndex(d, z, c, t));

  const values = p.values ?? STORED_VALUES;
  const complex = componentsPerVoxel(dtype) === 2 ? complexReducer(values.complex, values.scaling) : null;
  const planeVoxels = d.x * d.y;
  const start = (z: number) => planeIndex(d, z, c, t) * planeVoxels;
  switch (axis) {
    case 'xy':
      copyRun(data, complex, start(index), planeVoxels, out, 0);
      break;
    case 'xz':
      for (let z = 0; z < d.z; z++) {
        if (arrived(z)) copyRun(data, complex, start(z) + index * d.x, d.x, out, z * d.x);
        else out.fill(NaN, z * d.x, (z + 1) * d.x);
      }
      break;
    case 'yz':
      for (let z = 0; z < d.z; z++) {
        if (arrived(z)) copyStrided(data, complex, start(z) + index, d.x, d.y, out, z, d.z);
        else for (let y = 0; y < d.y; y++) out[y * d.z + z] = NaN;
      }
      break;
  }
  // Complex voxels were scaled component by component in the reduction.
  if (!complex) calibrateInPlace(out, width * height, values.scaling);
  return true;
}
