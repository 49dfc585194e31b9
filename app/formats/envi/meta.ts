/**
 * ENVI header fields -> Volume metadata and the plain-data layout the plane decoder needs.
 * Axes: samples = x, lines = y, bands = c (one channel per band, with its wavelength); z = t = 1.
 */
import type { DType } from '../../model/dtype.js';
import { bytesPerVoxel, componentsPerVoxel } from '../../model/dtype.js';
import type { ChannelInfo, VolumeMeta } from '../../model/volume.js';
import { quoted } from '../errors.js';
import { wavelengthsFromNames } from './band-names.js';
import { type EnviFields, intField, listItems, listNumbers } from './header.js';

export type Interleave = 'bsq' | 'bil' | 'bip';

/** Everything a worker needs to decode any band; structured-cloneable. */
export interface EnviLayout {
  /** Base name of the raw data file. */
  dataFile: string;
  /** Byte offset of the first voxel in the data file ("header offset"). */
  offset: number;
  interleave: Interleave;
  samples: number;
  lines: number;
  bands: number;
  /** Bytes per voxel. */
  size: number;
  /** Width of the elements to byte-swap (1 when the file is little-endian or single-byte). */
  swap: number;
}

/** ENVI "data type" codes. 6 and 9 are complex (re, im) pairs of float32 / float64. */
const DTYPE_BY_CODE: Record<number, DType> = {
  1: 'uint8', 2: 'int16', 3: 'int32', 4: 'float32', 5: 'float64', 6: 'complex64', 9: 'complex128',
  12: 'uint16', 13: 'uint32', 14: 'int64', 15: 'uint64',
};

const LENGTH_UNITS: Record<string, string> = {
  meters: 'm', meter: 'm', m: 'm', kilometers: 'km', km: 'km', feet: 'ft', ft: 'ft', degrees: 'deg',
  millimeters: 'mm', mm: 'mm', micrometers: 'um', microns: 'um', um: 'um', nanometers: 'nm', nm: 'nm',
  centimeters: 'cm', cm: 'cm', 'us feet': 'ft', arcseconds: 'arcsec',
};

const WAVELENGTH_UNITS: Record<string, string> = {
  nanometers: 'nm', nm: 'nm', micrometers: 'um', microns: 'um', um: 'um', µm: 'um', millimeters: 'mm',
  centimeters: 'cm', meters: 'm', wavenumber: 'cm-1', ghz: 'GHz', mhz: 'MHz', index: 'index',
};

/** Fields that become channels or layout; everything else short enough lands in meta.extra. */
const CONSUMED = new Set(['samples', 'lines', 'bands', 'data type', 'interleave', 'byte order', 'header offset',
  'wavelength', 'fwhm', 'band names', 'wavelength units', 'data ignore value', 'default bands']);
const MAX_EXTRA_CHARS = 512;

export type HeaderLayout = Omit<EnviLayout, 'dataFile'>;
export interface DeclaredLayout { layout: HeaderLayout; dtype: DType; warnings: string[] }

/**
 * The layout the header declares (sizes, type, interleave, order, offset), or a problem text. Cheap:
 * the reader checks it against the data file before enviMeta makes a channel per band.
 */
export function enviLayout(fields: EnviFields): DeclaredLayout | string {
  const dims: Record<string, number> = {};
  for (const key of ['samples', 'lines', 'bands']) {
    const v = intField(fields, key);
    if (v === undefined) return `required "${key}" field is missing from the header`;
    if (!(v > 0) || v > 2 ** 31) return `"${key}" must be a positive whole number (found ${quoted(fields.get(key)!)})`;
    dims[key] = v;
  }
  const code = intField(fields, 'data type');
  if (code === undefined) return 'required "data type" field is missing from the header';
  const dtype = DTYPE_BY_CODE[code];
  if (!dtype) return `unsupported data type ${Number.isInteger(code) ? code : quoted(fields.get('data type')!)} (supported: 1-6, 9, 12-15)`;

  const warnings: string[] = [];
  const il = (fields.get('interleave') ?? '').toLowerCase();
  let interleave: Interleave = 'bsq';
  if (il === 'bsq' || il === 'bil' || il === 'bip') interleave = il;
  else if (il === '') warnings.push('no "interleave" field: assuming bsq');
  else return `unknown interleave ${quoted(fields.get('interleave')!)} (expected bsq, bil or bip)`;

  const order = intField(fields, 'byte order') ?? 0;
  if (order !== 0 && order !== 1) return `"byte order" must be 0 or 1 (found ${quoted(fields.get('byte order')!)})`;
  const offset = intField(fields, 'header offset') ?? 0;
  if (!(offset >= 0)) return `"header offset" must be a whole number >= 0 (found ${quoted(fields.get('header offset')!)})`;

  const size = bytesPerVoxel(dtype);
  const component = size / componentsPerVoxel(dtype);
  return {
    layout: { offset, interleave, samples: dims.samples, lines: dims.lines, bands: dims.bands, size, swap: order === 1 ? component : 1 },
    dtype,
    warnings,
  };
}

/** The metadata of a header whose layout (enviLayout) was checked against the data file. */
export function enviMeta(fields: EnviFields, { layout, dtype, warnings }: DeclaredLayout): VolumeMeta {
  const { bands } = layout;
  const headerUnit = wavelengthUnit(fields.get('wavelength units'));
  const chans = channels(fields, bands, warnings);
  const named = namedWavelengths(chans, fields, headerUnit);
  const meta: VolumeMeta = {
    format: 'envi',
    dims: { x: layout.samples, y: layout.lines, z: 1, c: bands, t: 1 },
    dtype,
    bigEndian: layout.swap > 1,
    spacing: { x: 1, y: 1, z: 1, t: 1 },
    unit: '',
    timeUnit: '',
    channels: chans,
    scaling: null,
    affine: null,
    wavelengthUnit: named ? named.unit : headerUnit,
    defaultBands: defaultBands(fields, bands, warnings),
    ignoreValue: numberOrNull(fields.get('data ignore value')),
    extra: {},
    warnings,
  };
  for (const [k, v] of fields) {
    if (!CONSUMED.has(k) && v.length <= MAX_EXTRA_CHARS) meta.extra[k] = unbrace(v);
  }
  if (named) meta.extra['wavelengths from'] = 'band names';
  applyMapInfo(fields, meta);
  return meta;
}

function channels(fields: EnviFields, bands: number, warnings: string[]): ChannelInfo[] {
  const list = (key: string, parse: (v: string) => unknown[]): unknown[] | null => {
    const v = fields.get(key);
    if (v === undefined) return null;
    const items = parse(v);
    if (items.length !== bands) {
      warnings.push(`"${key}" has ${items.length} entries for ${bands} bands`);
    }
    return items;
  };
  const wl = list('wavelength', listNumbers) as number[] | null;
  const fwhm = list('fwhm', listNumbers) as number[] | null;
  const names = list('band names', listItems) as string[] | null;
  const out: ChannelInfo[] = [];
  for (let b = 0; b < bands; b++) {
    const w = wl?.[b];
    const f = fwhm?.[b];
    out.push({
      name: names?.[b] || `Band ${b + 1}`,
      wavelength: Number.isFinite(w) ? (w as number) : null,
      fwhm: Number.isFinite(f) ? (f as number) : null,
    });
  }
  return out;
}

/**
 * Without a "wavelength" field, wavelengths written in the band names ("376.44 Nanometers") are the
 * cube's wavelengths: filled into the channels, in the header's unit when it gives one.
 */
function namedWavelengths(chans: ChannelInfo[], fields: EnviFields, headerUnit: string | null): { unit: string } | null {
  if (fields.has('wavelength') || !fields.has('band names')) return null;
  const found = wavelengthsFromNames(chans.map((c) => c.name), headerUnit === 'index' ? null : headerUnit);
  if (!found) return null;
  chans.forEach((c, i) => (c.wavelength = found.values[i]));
  return { unit: found.unit };
}

/** ENVI "default bands = {r, g, b}" (1-based) as 0-based display bands; a single band (gray) is not an RGB choice. */
function defaultBands(fields: EnviFields, bands: number, warnings: string[]): [number, number, number] | null {
  const v = fields.get('default bands');
  if (v === undefined) return null;
  const b = listNumbers(v);
  if (b.length !== 3) return null;
  if (!b.every((n) => Number.isInteger(n) && n >= 1 && n <= bands)) {
    warnings.push(`"default bands" ${unbrace(v)} are not bands 1..${bands}; ignored`);
    return null;
  }
  return [b[0] - 1, b[1] - 1, b[2] - 1];
}

function wavelengthUnit(v: string | undefined): string | null {
  if (v === undefined) return null;
  const key = v.trim().toLowerCase();
  if (key === '' || key === 'unknown') return null;
  return WAVELENGTH_UNITS[key] ?? v.trim();
}

function numberOrNull(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v.trim());
  return Number.isNaN(n) && v.trim().toLowerCase() !== 'nan' ? null : n;
}

function unbrace(v: string): string {
  const t = v.trim();
  return (t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t).replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * "map info = {projection, ref x, ref y, easting, northing, x size, y size, [zone, N/S,] datum,
 * units=..., rotation=...}" gives the pixel size; "pixel size = {x, y, units=...}" is the fallback.
 */
function applyMapInfo(fields: EnviFields, meta: VolumeMeta): void {
  const mapInfo = fields.get('map info');
  const pixelSize = fields.get('pixel size');
  const src = mapInfo ?? pixelSize;
  if (!src) return;
  const items = listItems(src);
  const named = new Map<string, string>();
  const plain: string[] = [];
  for (const it of items) {
    const eq = it.indexOf('=');
    if (eq > 0) named.set(it.slice(0, eq).trim().toLowerCase(), it.slice(eq + 1).trim());
    else plain.push(it);
  }
  const [sx, sy] = mapInfo ? [Number(plain[5]), Number(plain[6])] : [Number(plain[0]), Number(plain[1])];
  if (!(sx > 0) || !(sy > 0)) return;
  meta.spacing.x = sx;
  meta.spacing.y = sy;
  const projection = mapInfo ? plain[0] ?? '' : '';
  const units = named.get('units');
  meta.unit = units ? LENGTH_UNITS[units.toLowerCase()] ?? units
    : /geographic/i.test(projection) ? 'deg' : 'm';
  if (mapInfo) {
    meta.extra['map projection'] = projection;
    meta.extra['map reference pixel'] = `${plain[1]}, ${plain[2]}`;
    meta.extra['map easting'] = Number(plain[3]);
    meta.extra['map northing'] = Number(plain[4]);
    if (/^utm$/i.test(projection)) {
      meta.extra['map zone'] = `${plain[7] ?? ''} ${plain[8] ?? ''}`.trim();
      if (plain[9]) meta.extra['map datum'] = plain[9];
    } else if (plain[7]) {
      meta.extra['map datum'] = plain[7];
    }
    if (named.has('rotation')) meta.extra['map rotation'] = Number(named.get('rotation'));
  }
}
