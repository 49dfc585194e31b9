import { usableScaling } from '../../model/calibration.js';
import type { ChannelInfo, VolumeMeta } from '../../model/volume.js';
import { FormatError } from '../errors.js';
import { bestAffine, orientation } from './affine.js';
import type { NiftiType } from './datatypes.js';
import type { RawHeader } from './header.js';

const SPACE_UNITS: Record<number, string> = { 1: 'm', 2: 'mm', 3: 'um' };
const TIME_UNITS: Record<number, string> = { 8: 's', 16: 'ms', 24: 'us', 32: 'Hz', 40: 'ppm', 48: 'rad/s' };

/** Voxel grid from dim[]: x, y, z, t and u = dim[5]*dim[6]*dim[7]; entries past dim[0] count as 1. */
export function gridOf(h: RawHeader, file: string): { nx: number; ny: number; nz: number; nt: number; nu: number } {
  const nd = h.dim[0];
  if (!Number.isInteger(nd) || nd < 1 || nd > 7) throw new FormatError(file, `dim[0] = ${nd} is not a dimension count 1..7`);
  const n: number[] = [];
  for (let i = 1; i <= 7; i++) {
    const v = i <= nd ? h.dim[i] : 1;
    if (!Number.isSafeInteger(v) || v < 1) throw new FormatError(file, `dim[${i}] = ${v} is not a positive size`);
    // 2^31-1 is the NIfTI-1 limit and far past any plane a typed array can hold.
    if (v > 0x7fffffff) throw new FormatError(file, `dim[${i}] = ${v} is absurdly large`);
    n.push(v);
  }
  return { nx: n[0], ny: n[1], nz: n[2], nt: n[3], nu: n[4] * n[5] * n[6] };
}

function channels(type: NiftiType, nu: number): ChannelInfo[] {
  const rgb = ['R', 'G', 'B', 'A'];
  const colors = [0xff0000, 0x00ff00, 0x0000ff, null];
  const out: ChannelInfo[] = [];
  for (let u = 0; u < nu; u++) {
    for (let k = 0; k < type.samples; k++) {
      if (type.samples > 1) out.push({ name: nu > 1 ? `${rgb[k]}${u}` : rgb[k], wavelength: null, color: colors[k] });
      else out.push({ name: nu > 1 ? `c${u}` : '', wavelength: null });
    }
  }
  return out;
}

/** The Volume metadata for a parsed header (the grid and type already validated). */
export function buildMeta(h: RawHeader, type: NiftiType, grid: ReturnType<typeof gridOf>, warnings: string[]): VolumeMeta {
  const nd = h.dim[0];
  const p = h.pixdim;
  const size = (i: number) => {
    const v = p[i];
    if (Number.isFinite(v) && v !== 0) return Math.abs(v);
    if (i <= nd) warnings.push(`pixdim[${i}] = ${v}; spacing 1 assumed`);
    return 1;
  };
  // Values are the stored float32 (NIfTI-1) or float64 (NIfTI-2) as exact JS numbers; the rule for
  // when they apply is the calibration's (slope finite and non-zero, a NaN intercept meaning 0).
  const scaling = usableScaling(h.sclSlope, h.sclInter);
  const { affine, source } = bestAffine(h);
  return {
    format: h.version === 1 ? 'nifti1' : 'nifti2',
    dims: { x: grid.nx, y: grid.ny, z: grid.nz, c: grid.nu * type.samples, t: grid.nt },
    dtype: type.dtype,
    bigEndian: !h.littleEndian,
    spacing: {
      x: size(1), y: size(2), z: size(3),
      // pixdim[4] is kept as stored even when implausible (example4d: 2000 "sec"); 1 when absent.
      t: Number.isFinite(p[4]) && p[4] > 0 ? p[4] : 1,
    },
    unit: SPACE_UNITS[h.xyztUnits & 0x07] ?? '',
    timeUnit: TIME_UNITS[h.xyztUnits & 0x38] ?? '',
    channels: channels(type, grid.nu),
    scaling,
    affine,
    extra: {
      descrip: h.descrip,
      datatype: type.name,
      magic: h.magic,
      intent_code: h.intentCode,
      intent_name: h.intentName,
      qform_code: h.qformCode,
      sform_code: h.sformCode,
      affine_source: source,
      orientation: orientation(affine),
      cal_min: h.calMin,
      cal_max: h.calMax,
      ...(h.auxFile ? { aux_file: h.auxFile } : {}),
    },
    warnings,
  };
}
