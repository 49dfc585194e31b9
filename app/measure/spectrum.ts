import { activeScaling, STORED_VALUES, type ValueMapping } from '../model/calibration.js';
import { complexReducer } from '../model/complex.js';
import { componentsPerVoxel, type DType, type TypedArray } from '../model/dtype.js';
import type { Dims } from '../model/volume.js';
import { checkData, checkVoxel, isBigIntArray, voxelIndex, type NumberArray } from './voxel.js';

/* Spectra along the channel axis (hyperspectral bands are channels with a wavelength each). */

export interface SpectrumAtParams {
  data: TypedArray; dims: Dims; dtype: DType; x: number; y: number; z: number; t: number;
  /** Calibration and complex part (default: stored values, magnitude). */
  values?: ValueMapping;
}

/** One value per channel at a voxel, as the viewer shows them (calibrated, the chosen complex part). */
export function spectrumAt(p: SpectrumAtParams): Float64Array {
  const { data, dims: d, dtype } = p;
  checkVoxel(d, { ...p, c: 0 });
  checkData(data, d, dtype);
  const out = new Float64Array(d.c);
  const first = voxelIndex(d, p.x, p.y, p.z, 0, p.t);
  const step = d.x * d.y * d.z;
  const read = reader(data, dtype, p.values ?? STORED_VALUES);
  for (let c = 0; c < d.c; c++) out[c] = read.calibrate(read.stored(first + c * step));
  return out;
}

/**
 * How voxel i is read: `stored` gives what a "no data" value is compared with (the ENVI ignore value
 * is in stored units), `calibrate` turns that into the value shown. Complex voxels are scaled inside
 * their reduction already, so for them calibrate is the identity.
 */
function reader(data: TypedArray, dtype: DType, m: ValueMapping): { stored: (i: number) => number; calibrate: (v: number) => number } {
  const nums = data as NumberArray;
  const s = activeScaling(m.scaling);
  if (componentsPerVoxel(dtype) === 2) {
    const reduce = complexReducer(m.complex, s);
    return { stored: (i) => reduce(nums[2 * i], nums[2 * i + 1]), calibrate: (v) => v };
  }
  const big = isBigIntArray(data);
  return {
    stored: big ? (i) => Number(data[i]) : (i) => nums[i],
    calibrate: s ? (v) => v * s.slope + s.inter : (v) => v,
  };
}

export interface SpectrumMeanParams {
  data: TypedArray; dims: Dims; dtype: DType;
  /** Inclusive voxel bounds, corners in any order; clipped to the volume. */
  rect: { x0: number; y0: number; x1: number; y1: number };
  z: number; t: number;
  /** A "no data" value to leave out (ENVI data ignore value, in stored units), or null. */
  ignore?: number | null;
  /** Calibration and complex part (default: stored values, magnitude). */
  values?: ValueMapping;
}

export interface SpectrumMean {
  /** Per channel mean over the rectangle's valid values (NaN where a channel has none). */
  mean: Float64Array;
  /** Per channel sample standard deviation (n - 1, like ImageJ); 0 for one value, NaN for none. */
  std: Float64Array;
  /** Pixels of the rectangle with at least one valid channel value. */
  count: number;
  /** Valid values per channel. */
  counts: Uint32Array;
}

/**
 * Mean spectrum of a rectangle on one z plane. NaN and the ignore value are skipped value by value
 * rather than pixel by pixel: a band that is NaN everywhere (a masked water-absorption band, say)
 * then does not wipe out the whole spectrum. Welford's update keeps the variance exact for large
 * values with small spread.
 */
export function spectrumMean(p: SpectrumMeanParams): SpectrumMean {
  const { data, dims: d, dtype, z, t } = p;
  checkVoxel(d, { x: 0, y: 0, z, c: 0, t });
  checkData(data, d, dtype);
  const x0 = Math.max(0, Math.ceil(Math.min(p.rect.x0, p.rect.x1)));
  const x1 = Math.min(d.x - 1, Math.floor(Math.max(p.rect.x0, p.rect.x1)));
  const y0 = Math.max(0, Math.ceil(Math.min(p.rect.y0, p.rect.y1)));
  const y1 = Math.min(d.y - 1, Math.floor(Math.max(p.rect.y0, p.rect.y1)));
  const ignore = p.ignore ?? null;
  const read = reader(data, dtype, p.values ?? STORED_VALUES);

  const mean = new Float64Array(d.c);
  const std = new Float64Array(d.c);
  const counts = new Uint32Array(d.c);
  const w = Math.max(0, x1 - x0 + 1);
  const seen = new Uint8Array(w * Math.max(0, y1 - y0 + 1));
  for (let c = 0; c < d.c; c++) {
    let n = 0, m = 0, m2 = 0;
    for (let y = y0; y <= y1; y++) {
      const row = voxelIndex(d, 0, y, z, c, t);
      for (let x = x0; x <= x1; x++) {
        const stored = read.stored(row + x);
        if (Number.isNaN(stored) || stored === ignore) continue;
        const v = read.calibrate(stored);
        n++;
        const delta = v - m;
        m += delta / n;
        m2 += delta * (v - m);
        seen[(y - y0) * w + (x - x0)] = 1;
      }
    }
    counts[c] = n;
    mean[c] = n ? m : NaN;
    std[c] = n > 1 ? Math.sqrt(m2 / (n - 1)) : n === 1 ? 0 : NaN;
  }
  let count = 0;
  for (let i = 0; i < seen.length; i++) count += seen[i];
  return { mean, std, count, counts };
}
