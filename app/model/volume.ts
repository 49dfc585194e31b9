import type { DType } from './dtype.js';

/** Canonical axes. Storage order: x fastest, then y, z, c, t. */
export interface Dims { x: number; y: number; z: number; c: number; t: number }

/** Physical spacing per axis; a value of 1 with unit '' means "not stored in the file". */
export interface Spacing { x: number; y: number; z: number; t: number }

export interface ChannelInfo {
  name: string;
  /** Centre wavelength (hyperspectral band, OME EmissionWavelength), or null. */
  wavelength: number | null;
  /** Full width at half maximum of the band, or null. */
  fwhm?: number | null;
  /** Display colour as 0xRRGGBB, or null to use the default. */
  color?: number | null;
  /** Display range from the file (ImageJ min/max, ...), or null. */
  range?: [number, number] | null;
  /** A 256-entry RGB lookup table from the file (ImageJ LUTs), flattened r,g,b; or null. */
  lut?: number[] | null;
}

/**
 * A sub-axis folded into z, c or t (OME ModuloAlongZ/C/T: FLIM lifetime bins along C, angles, phases,
 * tiles). The sub-index runs fastest within its parent axis: c = parent * length + sub.
 */
export interface ModuloAxis {
  along: 'z' | 'c' | 't';
  /** OME's type: 'lifetime', 'lambda', 'angle', 'phase', 'tile' or 'other'. */
  type: string;
  typeDescription: string;
  unit: string;
  start: number;
  step: number;
  length: number;
  /** Labels of the sub-indices when the file gives them instead of a range. */
  labels: string[] | null;
}

/** Stored value v maps to physical value v * slope + inter (NIfTI scl_slope/scl_inter). */
export interface Scaling { slope: number; inter: number }

export interface VolumeMeta {
  /** Reader id: 'tiff', 'ome-tiff', 'imagej-tiff', 'nifti1', 'nifti2', 'envi', 'npy', 'sequence', ... */
  format: string;
  dims: Dims;
  dtype: DType;
  /** True if the stored bytes were big-endian (decoded voxels are always host little-endian). */
  bigEndian?: boolean;
  spacing: Spacing;
  /** Unit of x/y/z spacing ('um', 'mm', 'nm', ... or '' when unknown). */
  unit: string;
  /** Unit of the t spacing ('s', 'ms', ... or ''). */
  timeUnit: string;
  channels: ChannelInfo[];
  scaling: Scaling | null;
  /** 4x4 row-major voxel-to-world affine (NIfTI sform/qform), or null when the format has none. */
  affine: number[][] | null;
  /** Wavelength unit for hyperspectral data ('nm', 'um', ...), or null. */
  wavelengthUnit?: string | null;
  /** Modulo sub-axes (OME-TIFF), or absent. */
  modulo?: ModuloAxis[];
  /** Bands the file asks to show as red, green, blue (ENVI "default bands"), 0-based; or null. */
  defaultBands?: [number, number, number] | null;
  /** Value meaning "no data" (ENVI data ignore value), or null. */
  ignoreValue?: number | null;
  /** Other series in the file (OME multi-series): names and dims. The first is the one opened. */
  series?: { name: string; dims: Dims; dtype: DType }[];
  /** Free-form metadata worth showing (ImageJ Info, OME-XML excerpts, ENVI header fields, NIfTI descrip). */
  extra: Record<string, string | number | boolean | null>;
  /** Warnings raised while reading the header (e.g. an IFD loop cut short). */
  warnings: string[];
}

export function voxelCount(d: Dims): number {
  return d.x * d.y * d.z * d.c * d.t;
}

export function planeCount(d: Dims): number {
  return d.z * d.c * d.t;
}

/** Index of plane (z, c, t) in canonical order. */
export function planeIndex(d: Dims, z: number, c: number, t: number): number {
  return z + d.z * (c + d.c * t);
}

export function planeCoords(d: Dims, p: number): { z: number; c: number; t: number } {
  const z = p % d.z;
  const rest = (p - z) / d.z;
  const c = rest % d.c;
  return { z, c, t: (rest - c) / d.c };
}
