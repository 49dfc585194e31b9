import type { DType } from '../../model/dtype.js';
import type { ChannelInfo, ModuloAxis } from '../../model/volume.js';
import { parseModulo } from './modulo.js';
import { childrenNamed, findAll, parseXml, type XmlElement } from './xml.js';
import { lengthFactor, normalizeTimeUnit, normalizeUnit } from './units.js';

/** One OME Image (series) as the reader needs it. */
export interface OmeImage {
  name: string;
  sizeX: number; sizeY: number; sizeZ: number; sizeC: number; sizeT: number;
  /** Letters after XY, fastest first, e.g. 'ZCT'. */
  order: string;
  dtype: DType | null;
  samplesPerPixel: number;
  spacing: { x: number | null; y: number | null; z: number | null; t: number | null };
  unit: string;
  timeUnit: string;
  channels: ChannelInfo[];
  /** IFD index for each plane in DimensionOrder (plane count = Z * (C / samples) * T); -1 = not mapped. */
  ifds: number[];
  /** TiffData pointing into other files (multi-file OME-TIFF), which this reader does not follow. */
  externalFiles: boolean;
  /** Modulo sub-axes (FLIM lifetime bins along C, ...). */
  modulo: ModuloAxis[];
}

export function isOmeDescription(desc: string | null): boolean {
  return !!desc && desc.includes('<OME') && /^\s*(<\?xml|<!--|<OME|<[A-Za-z]+:OME)/.test(desc);
}

const OME_TYPES: Record<string, DType> = {
  uint8: 'uint8', int8: 'int8', uint16: 'uint16', int16: 'int16', uint32: 'uint32', int32: 'int32',
  float: 'float32', float32: 'float32', double: 'float64', float64: 'float64',
};

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function int(v: string | undefined, dflt: number): number {
  const n = num(v);
  return n === null ? dflt : Math.trunc(n);
}

/** OME Color: signed 32-bit RGBA -> 0xRRGGBB. */
export function omeColor(v: string | undefined): number | null {
  const n = num(v);
  if (n === null) return null;
  return ((n >>> 0) >>> 8) & 0xffffff;
}

export function parseOme(xml: string, pageCount: number): OmeImage[] {
  const doc = parseXml(xml);
  const images = findAll(doc, 'Image');
  const out: OmeImage[] = [];
  for (const img of images) {
    const px = childrenNamed(img, 'Pixels')[0];
    if (!px) continue;
    out.push({ ...parseImage(img, px, pageCount), modulo: parseModulo(doc, img, images.length) });
  }
  return out;
}

function parseImage(img: XmlElement, px: XmlElement, pageCount: number): Omit<OmeImage, 'modulo'> {
  const a = px.attrs;
  const sizeX = int(a.SizeX, 0);
  const sizeY = int(a.SizeY, 0);
  const sizeZ = Math.max(1, int(a.SizeZ, 1));
  const sizeC = Math.max(1, int(a.SizeC, 1));
  const sizeT = Math.max(1, int(a.SizeT, 1));
  let order = (a.DimensionOrder ?? 'XYZCT').toUpperCase().replace(/[^XYZCT]/g, '');
  order = order.startsWith('XY') && order.length === 5 ? order.slice(2) : 'ZCT';
  const type = (a.Type ?? a.PixelType ?? '').toLowerCase();
  // Channels: Pixels/Channel (2010+) or Image/LogicalChannel (2008 schema).
  let chEls = childrenNamed(px, 'Channel');
  if (chEls.length === 0) chEls = childrenNamed(img, 'LogicalChannel');
  const spp = Math.max(1, int(chEls[0]?.attrs.SamplesPerPixel, 1));
  const channels: ChannelInfo[] = chEls.map((c) => ({
    name: c.attrs.Name ?? '',
    wavelength: num(c.attrs.EmissionWavelength) ?? num(c.attrs.EmWave),
    color: omeColor(c.attrs.Color),
  }));
  const unitOf = (k: string): string => normalizeUnit(a[`${k}Unit`] ?? 'µm');
  const unit = unitOf('PhysicalSizeX');
  const conv = (k: string): number | null => {
    const v = num(a[k]);
    if (v === null) return null;
    const f = lengthFactor(unitOf(k), unit);
    return f === null ? v : v * f;
  };
  const timeIncrement = num(a.TimeIncrement);
  const cPlanes = spp > 1 && sizeC % spp === 0 ? sizeC / spp : sizeC;
  const nPlanes = sizeZ * cPlanes * sizeT;
  const { ifds, external } = mapTiffData(px, order, { Z: sizeZ, C: cPlanes, T: sizeT }, nPlanes, pageCount);
  return {
    name: img.attrs.Name ?? img.attrs.ID ?? '',
    sizeX, sizeY, sizeZ, sizeC, sizeT, order,
    dtype: OME_TYPES[type] ?? null,
    samplesPerPixel: spp,
    spacing: { x: conv('PhysicalSizeX'), y: conv('PhysicalSizeY'), z: conv('PhysicalSizeZ'), t: timeIncrement },
    unit,
    timeUnit: timeIncrement === null ? '' : normalizeTimeUnit(a.TimeIncrementUnit ?? 's'),
    channels,
    ifds,
    externalFiles: external,
  };
}

/**
 * Plane (in DimensionOrder) -> IFD, from TiffData elements. Without any TiffData, plane i is IFD i.
 * PlaneCount defaults to 1 when IFD is given, else to all remaining planes (as tifffile does).
 */
function mapTiffData(
  px: XmlElement, order: string, sizes: Record<string, number>, nPlanes: number, pageCount: number,
): { ifds: number[]; external: boolean } {
  // Planes past the file's IFD count cannot all map to IFDs of their own: the plan refuses such an
  // image anyway, so the map stops there (a forged SizeC of 2^31 allocated 16 million entries).
  const ifds = new Array<number>(Math.min(nPlanes, pageCount)).fill(-1);
  const tds = childrenNamed(px, 'TiffData');
  let external = false;
  if (tds.length === 0) {
    for (let i = 0; i < ifds.length; i++) ifds[i] = i < pageCount ? i : -1;
    return { ifds, external };
  }
  const index = (first: Record<string, number>): number => {
    let idx = 0;
    let stride = 1;
    for (const ax of order) { idx += first[ax] * stride; stride *= sizes[ax]; }
    return idx;
  };
  for (const td of tds) {
    const uuid = childrenNamed(td, 'UUID')[0];
    if (uuid && uuid.attrs.FileName) external = true;
    const hasIfd = td.attrs.IFD !== undefined;
    const ifd = int(td.attrs.IFD, 0);
    const start = index({ Z: int(td.attrs.FirstZ, 0), C: int(td.attrs.FirstC, 0), T: int(td.attrs.FirstT, 0) });
    let count = int(td.attrs.PlaneCount, hasIfd ? 1 : 0);
    if (count <= 0) count = nPlanes - start;
    for (let k = 0; k < count && start + k < ifds.length; k++) ifds[start + k] = ifd + k;
  }
  return { ifds, external };
}
