import { realValues } from '../real-values.js';
import type { Dims3, VolumeView } from '../types.js';

/*
 * The object table of a label image, in one pass (skimage.measure.regionprops' area, centroid, bbox and
 * intensity_mean): per label 1..count its voxel count, volume, centroid in voxels and in physical units,
 * inclusive bounding box and mean intensity over another volume (the image before thresholding).
 *
 * Conventions, and how they map to regionprops (which works in (z, y, x) order):
 * - centroid x, y, z in voxels is regionprops' centroid reversed: the mean voxel index, 0-based, with a
 *   voxel's index at its centre. In physical units it is that times the spacing (the volume's first
 *   voxel centre is the origin).
 * - the bounding box is inclusive and 0-based: min x = bbox[2], max x = bbox[5] - 1 (regionprops' bbox is
 *   half-open: (min z, min y, min x, max z + 1, max y + 1, max x + 1)).
 * - mean intensity is accumulated in float64 (regionprops takes np.mean of the intensity's own type, so
 *   for a float32 intensity it is the float32 mean: equal to about 1e-7).
 *
 * Columns, not one object per row: a label image can hold millions of objects.
 */
export interface RegionTable {
  count: number;
  /** The volume of one voxel (spacing x * y * z). */
  voxelVolume: number;
  spacing: Dims3;
  /** Index l - 1 holds label l. */
  voxels: Float64Array;
  /** Sums of voxel indices per axis; centroid = sum / voxels. */
  sumX: Float64Array; sumY: Float64Array; sumZ: Float64Array;
  minX: Int32Array; minY: Int32Array; minZ: Int32Array;
  maxX: Int32Array; maxY: Int32Array; maxZ: Int32Array;
  /** Sums of intensity, or null when no intensity volume was given. */
  sumIntensity: Float64Array | null;
}

/** One object of the table, as a row. */
export interface Region {
  label: number;
  voxels: number;
  volume: number;
  centroid: Dims3;
  centroidPhysical: Dims3;
  min: Dims3;
  max: Dims3;
  meanIntensity: number | null;
}

/**
 * The table of `labels` (values 0..count, 0 background; count defaults to the largest label) with
 * `spacing` per voxel; `intensity`, when given, must have the labels' dims.
 */
export function regionTable(labels: Int32Array, dims: Dims3, spacing: Dims3, intensity: VolumeView | null = null, count?: number): RegionTable {
  const { x: X, y: Y, z: Z } = dims;
  const n = X * Y * Z;
  if (labels.length < n) throw new Error(`regions: ${labels.length} labels for ${X}x${Y}x${Z} voxels`);
  if (intensity && (intensity.dims.x !== X || intensity.dims.y !== Y || intensity.dims.z !== Z)) {
    const d = intensity.dims;
    throw new Error(`regions: the intensity volume is ${d.x}x${d.y}x${d.z}, the labels ${X}x${Y}x${Z}`);
  }
  if (count === undefined) {
    count = 0;
    for (let i = 0; i < n; i++) if (labels[i] > count) count = labels[i];
  }
  const values = intensity ? realValues(intensity, 'regions') : null;
  const t: RegionTable = {
    count, voxelVolume: spacing.x * spacing.y * spacing.z, spacing,
    voxels: new Float64Array(count), sumX: new Float64Array(count), sumY: new Float64Array(count), sumZ: new Float64Array(count),
    minX: new Int32Array(count).fill(X), minY: new Int32Array(count).fill(Y), minZ: new Int32Array(count).fill(Z),
    maxX: new Int32Array(count).fill(-1), maxY: new Int32Array(count).fill(-1), maxZ: new Int32Array(count).fill(-1),
    sumIntensity: values ? new Float64Array(count) : null,
  };
  for (let z = 0, i = 0; z < Z; z++) {
    for (let y = 0; y < Y; y++) {
      for (let x = 0; x < X; x++, i++) {
        const l = labels[i] - 1;
        if (l < 0) continue;
        if (l >= count) throw new Error(`regions: label ${l + 1} at voxel (${x}, ${y}, ${z}) is above the count ${count}`);
        t.voxels[l]++;
        t.sumX[l] += x;
        t.sumY[l] += y;
        t.sumZ[l] += z;
        if (x < t.minX[l]) t.minX[l] = x;
        if (x > t.maxX[l]) t.maxX[l] = x;
        if (y < t.minY[l]) t.minY[l] = y;
        if (y > t.maxY[l]) t.maxY[l] = y;
        // Planes are visited in order: an object's first voxel has its smallest z, its last its largest.
        if (t.minZ[l] === Z) t.minZ[l] = z;
        t.maxZ[l] = z;
        if (values) t.sumIntensity![l] += values[i];
      }
    }
  }
  return t;
}

/** The labels that have voxels (regionprops leaves out labels that do not occur), ascending. */
export function* presentLabels(t: RegionTable): Generator<number> {
  for (let l = 1; l <= t.count; l++) if (t.voxels[l - 1] > 0) yield l;
}

export function regionAt(t: RegionTable, label: number): Region {
  const l = label - 1;
  const n = t.voxels[l];
  const centroid = { x: t.sumX[l] / n, y: t.sumY[l] / n, z: t.sumZ[l] / n };
  return {
    label, voxels: n, volume: n * t.voxelVolume, centroid,
    centroidPhysical: { x: centroid.x * t.spacing.x, y: centroid.y * t.spacing.y, z: centroid.z * t.spacing.z },
    min: { x: t.minX[l], y: t.minY[l], z: t.minZ[l] },
    max: { x: t.maxX[l], y: t.maxY[l], z: t.maxZ[l] },
    meanIntensity: t.sumIntensity ? t.sumIntensity[l] / n : null,
  };
}
