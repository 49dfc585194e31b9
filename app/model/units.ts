import type { VolumeMeta } from './volume.js';

/*
 * The one unit fact of a volume: the length unit its file declares (meta.unit, in the model's short
 * ASCII form, '' when the file declares none, e.g. NIfTI xyzt_units = 0). Every place that shows a
 * length (volume panel, readout, profile axis, ROI area, results table, scale bar, `voxelscope info`)
 * asks here, so they cannot disagree. Nothing is assumed: a NIfTI with unknown units is not shown in mm.
 */

/** How the model's unit names read: 'um' → 'µm', 'A' → 'Å'; others as they are. */
export function unitLabel(unit: string): string {
  if (unit === 'um') return 'µm';
  if (unit === 'A') return 'Å';
  return unit;
}

/** True when nothing in the file calibrates x and y: no unit and a pixel spacing of 1 (Fiji's "pixels"). */
export function uncalibrated(meta: Pick<VolumeMeta, 'unit' | 'spacing'>): boolean {
  return !meta.unit && meta.spacing.x === 1 && meta.spacing.y === 1;
}

/**
 * The label of lengths in this volume: the declared unit; 'px' when nothing is calibrated (distances
 * are then in pixels); '' when the file gives spacings but no unit.
 */
export function lengthUnit(meta: Pick<VolumeMeta, 'unit' | 'spacing'>): string {
  return unitLabel(meta.unit) || (uncalibrated(meta) ? 'px' : '');
}

/** ' µm', ' px', or ' (no unit)': what follows a length or a list of lengths. */
export function lengthSuffix(meta: Pick<VolumeMeta, 'unit' | 'spacing'>): string {
  const u = lengthUnit(meta);
  return u ? ` ${u}` : ' (no unit)';
}

/** 'µm²', 'px²', or 'units²' (spacings without a unit). */
export function areaUnit(meta: Pick<VolumeMeta, 'unit' | 'spacing'>): string {
  return `${lengthUnit(meta) || 'units'}²`;
}

/** A number as panels print it: up to 6 significant digits, no trailing zeros. */
function short(n: number): string {
  return String(+n.toPrecision(6));
}

/**
 * The voxel (or, for a single plane, pixel) size with its unit: '0.5 x 0.5 x 2 µm', '2.5 x 3.5 m',
 * '1 x 1 x 1 (no unit)'.
 */
export function spacingText(meta: Pick<VolumeMeta, 'unit' | 'spacing' | 'dims'>): string {
  const s = meta.spacing;
  const sizes = meta.dims.z > 1 ? [s.x, s.y, s.z] : [s.x, s.y];
  return sizes.map(short).join(' x ') + (unitLabel(meta.unit) ? ` ${unitLabel(meta.unit)}` : ' (no unit)');
}
