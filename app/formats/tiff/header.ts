import type { DType } from '../../model/dtype.js';
import type { ChannelInfo, Dims, Spacing, VolumeMeta } from '../../model/volume.js';
import { FormatError } from '../errors.js';
import type { Header, ReadContext } from '../reader.js';
import type { SourceSet } from '../source.js';
import { parseFileHeader, readPages, type Page } from './ifd.js';
import { isImageJDescription, lutToTriples, parseIJMetadata, parseImageJDescription, type IJValue } from './imagej.js';
import type { TiffLayout } from './layout.js';
import { isOmeDescription, parseOme, type OmeImage } from './ome.js';
import { omeChannels } from './ome-channels.js';
import { checkCodecSamples, checkPages, checkSamples, pageDType } from './validate.js';
import { lengthFactor, normalizeTimeUnit, normalizeUnit } from './units.js';

/** How canonical planes map to pages, plus the metadata the mapping came from. */
interface Plan {
  format: 'tiff' | 'imagej-tiff' | 'ome-tiff';
  dims: Dims;
  /** Per canonical plane: page index (into all pages) and sample. */
  page: number[];
  sample: number[];
  spacing: Spacing;
  unit: string;
  timeUnit: string;
  channels: ChannelInfo[];
  extra: VolumeMeta['extra'];
  series?: VolumeMeta['series'];
  modulo?: VolumeMeta['modulo'];
}

export async function readTiffHeader(files: SourceSet, ctx: ReadContext): Promise<Header<TiffLayout>> {
  const src = files.primary;
  const file = src.name;
  const head = await src.read(0, Math.min(16, src.size));
  const fh = parseFileHeader(head, file, src.size);
  const warnings: string[] = [];
  const pages = await readPages(src, fh, warnings, ctx.signal);
  const p0 = pages[0];
  checkCodecSamples(file, '', p0); // before the sample type: "12-bit JPEG" says more than "12-bit"
  const dtype = pageDType(file, p0);
  checkSamples(file, p0);
  let plan: Plan | null = null;
  if (isOmeDescription(p0.description)) {
    try {
      plan = omePlan(file, pages, parseOme(p0.description!, pages.length), dtype, warnings);
    } catch (e) {
      if (e instanceof FormatError) throw e;
      warnings.push(`OME-XML ignored: ${(e as Error).message}`);
    }
  }
  if (!plan && isImageJDescription(p0.description)) plan = imagejPlan(pages, warnings);
  if (!plan) plan = plainPlan(pages, warnings);

  const used = [...new Set(plan.page)].sort((a, b) => a - b);
  checkPages(src, pages, used, plan.dims, dtype);
  const compact = new Map<number, number>(used.map((p, i) => [p, i]));
  const layout: TiffLayout = {
    littleEndian: fh.littleEndian,
    width: p0.width,
    height: p0.height,
    bitsPerSample: p0.bitsPerSample,
    samplesPerPixel: p0.samplesPerPixel,
    planar: p0.samplesPerPixel > 1 ? p0.planar : 1,
    compression: p0.compression,
    predictor: p0.predictor,
    fillOrder: p0.fillOrder,
    photometric: p0.photometric,
    t4Options: p0.t4Options,
    tileWidth: p0.tileWidth,
    tileLength: p0.tileLength,
    rowsPerStrip: p0.rowsPerStrip > 0 && p0.rowsPerStrip < p0.height ? p0.rowsPerStrip : p0.height,
    planePage: plan.page.map((p) => compact.get(p)!),
    planeSample: plan.sample,
    pageOffsets: used.map((p) => pages[p].offsets),
    pageCounts: used.map((p) => pages[p].counts ?? []),
    pageJpegTables: p0.compression === 7 ? sharedTables(used.map((p) => pages[p].jpegTables)) : [],
  };
  if (p0.photometric === 0) plan.extra.photometric = 'MinIsWhite (values as stored, not inverted)';
  if (p0.photometric === 6 && p0.compression === 7) plan.extra.photometric = 'YCbCr (JPEG decoded to RGB as libtiff does)';
  plan.extra.compression = p0.compression;
  if (fh.bigTiff) plan.extra.bigtiff = true;
  const meta: VolumeMeta = {
    format: plan.format,
    dims: plan.dims,
    dtype,
    bigEndian: !fh.littleEndian,
    spacing: plan.spacing,
    unit: plan.unit,
    timeUnit: plan.timeUnit,
    channels: plan.channels,
    scaling: null,
    affine: null,
    extra: plan.extra,
    warnings,
  };
  if (plan.series) meta.series = plan.series;
  if (plan.modulo) meta.modulo = plan.modulo;
  return { meta, layout };
}

/** Pages with the same JPEGTables as the page before share its array (one copy per run of pages). */
function sharedTables(tables: (Uint8Array | null)[]): (Uint8Array | null)[] {
  const out: (Uint8Array | null)[] = [];
  for (const t of tables) {
    const prev = out.length > 0 ? out[out.length - 1] : undefined;
    const same = prev === t || (prev && t && prev.length === t.length && prev.every((v, i) => v === t[i]));
    out.push(same ? prev! : t);
  }
  return out;
}

function defaultChannels(n: number, p0: Page): ChannelInfo[] {
  // YCbCr JPEG is decoded to RGB.
  const rgb = (p0.photometric === 2 || (p0.photometric === 6 && p0.compression === 7)) && p0.samplesPerPixel >= 3;
  return Array.from({ length: n }, (_, i) => ({ name: rgb && i < 4 ? 'RGBA'[i] : '', wavelength: null }));
}

/** x/y spacing from X/YResolution (pixels per unit). ResolutionUnit none -> no unit; inch/cm -> mm. */
function resolutionSpacing(p0: Page): { x: number; y: number; unit: string } {
  const inv = (r: number | null): number => (r && r > 0 ? 1 / r : 1);
  let x = inv(p0.xResolution);
  let y = inv(p0.yResolution);
  let unit = '';
  const stored = p0.xResolution !== null && p0.xResolution > 0;
  if (stored && p0.resolutionUnit === 3) { x *= 10; y *= 10; unit = 'mm'; }
  else if (stored && p0.resolutionUnit === 2) { x *= 25.4; y *= 25.4; unit = 'mm'; }
  return { x, y, unit };
}

/** Pages that look like p0 (size and sample layout) and are not reduced-resolution copies. */
function matchingPages(pages: Page[], warnings: string[]): number[] {
  const p0 = pages[0];
  const out: number[] = [];
  let skipped = 0;
  for (let i = 0; i < pages.length; i++) {
    const p = pages[i];
    const same = p.width === p0.width && p.height === p0.height && p.bitsPerSample === p0.bitsPerSample
      && p.samplesPerPixel === p0.samplesPerPixel && p.sampleFormat === p0.sampleFormat;
    if (same && (i === 0 || (p.subfileType & 1) === 0)) out.push(i); else skipped++;
  }
  if (skipped) warnings.push(`${skipped} page(s) of a different size or type were left out (thumbnails or other series)`);
  return out;
}

function plainPlan(pages: Page[], warnings: string[]): Plan {
  const p0 = pages[0];
  const idx = matchingPages(pages, warnings);
  const S = p0.samplesPerPixel;
  let Z = idx.length;
  let T = 1;
  const extra: VolumeMeta['extra'] = {};
  // tifffile "shaped" description: {"shape": [...], "axes": "..."}; pages are z unless it says time.
  const d = p0.description;
  if (d && d.trimStart().startsWith('{')) {
    try {
      const j = JSON.parse(d) as { shape?: unknown; axes?: unknown };
      if (Array.isArray(j.shape)) extra.shape = JSON.stringify(j.shape);
      if (typeof j.axes === 'string') {
        const ax = j.axes.toUpperCase();
        extra.axes = j.axes;
        if (ax.includes('T') && !ax.includes('Z')) { T = Z; Z = 1; }
      }
    } catch { /* not JSON: keep as plain description */ }
  }
  if (d) extra.description = d.length > 2000 ? `${d.slice(0, 2000)}...` : d;
  const page: number[] = [];
  const sample: number[] = [];
  // canonical order z fastest, then c (= sample), then t; here z or t is the page index
  for (let t = 0; t < T; t++) for (let c = 0; c < S; c++) for (let z = 0; z < Z; z++) {
    page.push(idx[z + Z * t]);
    sample.push(c);
  }
  const r = resolutionSpacing(p0);
  return {
    format: 'tiff', dims: { x: p0.width, y: p0.height, z: Z, c: S, t: T }, page, sample,
    spacing: { x: r.x, y: r.y, z: 1, t: 1 }, unit: r.unit, timeUnit: '',
    channels: defaultChannels(S, p0), extra,
  };
}

function imagejPlan(pages: Page[], warnings: string[]): Plan {
  const p0 = pages[0];
  const ij = parseImageJDescription(p0.description!);
  const n = (k: string, d: number): number => (typeof ij[k] === 'number' && (ij[k] as number) > 0 ? Math.trunc(ij[k] as number) : d);
  const idx = matchingPages(pages, warnings);
  const S = p0.samplesPerPixel;
  let C = n('channels', 1);
  let Z = n('slices', 1);
  let T = n('frames', 1);
  const images = n('images', 1);
  if (S > 1 && C === S) C = 1; // RGB: ImageJ may count the samples as channels
  if (C * Z * T === images && images > idx.length && idx.length === 1) {
    // ImageJ writes big stacks (> 4 GB) with one IFD and the planes back to back after the first one.
    const extra = contiguousPages(p0, images - 1);
    if (extra) {
      for (const p of extra) { idx.push(pages.length); pages.push(p); }
    }
  }
  if (C * Z * T !== idx.length) {
    if (C * Z * T === images && images > idx.length) {
      warnings.push(`ImageJ description declares ${images} images but the file has ${idx.length} pages; reading ${idx.length}`);
    }
    if (C * Z * T > idx.length || C * Z * T !== images) {
      // Inconsistent counts: keep the channel count if it divides, the rest as z.
      if (idx.length % C !== 0) C = 1;
      Z = idx.length / C;
      T = 1;
    }
  }
  const page: number[] = [];
  const sample: number[] = [];
  const CS = C * S;
  for (let t = 0; t < T; t++) for (let cc = 0; cc < CS; cc++) for (let z = 0; z < Z; z++) {
    const c = Math.floor(cc / S);
    page.push(idx[c + C * (z + Z * t)]);
    sample.push(cc % S);
  }
  const r = resolutionSpacing(p0);
  const finterval = positive(ij.finterval);
  const channels = defaultChannels(CS, p0);
  const meta = p0.ijData && p0.ijByteCounts ? parseIJMetadata(p0.ijData, p0.ijByteCounts) : null;
  const range: [number, number] | null = typeof ij.min === 'number' && typeof ij.max === 'number' ? [ij.min, ij.max] : null;
  const names = S === 1 && meta ? channelNamesFromLabels(meta.labels, C, Z * T) : null;
  for (let c = 0; c < CS; c++) {
    channels[c].range = meta?.ranges[c] ?? range;
    channels[c].lut = meta?.luts[c] ? lutToTriples(meta.luts[c]) : null;
    if (names) channels[c].name = names[c];
  }
  const extra: VolumeMeta['extra'] = {};
  for (const [k, v] of Object.entries(ij) as [string, IJValue][]) extra[`imagej.${k}`] = v;
  if (meta?.info) extra['imagej.Info'] = meta.info;
  if (meta?.labels.length) extra['imagej.labels'] = meta.labels.join('\n');
  const { spacing, unit } = imagejSpacing(ij, p0, r, warnings);
  return {
    format: 'imagej-tiff', dims: { x: p0.width, y: p0.height, z: Z, c: CS, t: T }, page, sample,
    spacing: { ...spacing, t: finterval ?? 1 },
    unit,
    timeUnit: finterval !== null ? normalizeTimeUnit(typeof ij.tunit === 'string' ? ij.tunit : 's') : '',
    channels, extra,
  };
}

/**
 * x, y, z spacing of an ImageJ file in one unit. ImageJ keeps the unit in the description (X/YResolution
 * are pixels per that unit, `spacing` is z in it); `yunit` and `zunit` name another unit for y and z when
 * they differ (as ImageJ's Calibration writes them), converted here, as the model has one unit. The
 * stated unit is kept as it is (inches too, as the figures are). Without one, X/YResolution's own unit
 * applies (ResolutionUnit cm or inch, as mm).
 */
function imagejSpacing(ij: Record<string, IJValue>, p0: Page, r: { x: number; y: number; unit: string }, warnings: string[]): { spacing: { x: number; y: number; z: number }; unit: string } {
  const stated = normalizeUnit(typeof ij.unit === 'string' ? ij.unit : '');
  if (!stated && r.unit) return { spacing: { x: r.x, y: r.y, z: positive(ij.spacing) ?? 1 }, unit: r.unit };
  const spacing = {
    x: p0.xResolution && p0.xResolution > 0 ? 1 / p0.xResolution : 1,
    y: p0.yResolution && p0.yResolution > 0 ? 1 / p0.yResolution : 1,
    z: positive(ij.spacing) ?? 1,
  };
  for (const axis of ['y', 'z'] as const) {
    const own = typeof ij[`${axis}unit`] === 'string' ? normalizeUnit(ij[`${axis}unit`] as string) : stated;
    if (own === stated) continue;
    const f = stated && own ? lengthFactor(own, stated) : null;
    if (f === null) warnings.push(`ImageJ ${axis}unit=${String(ij[`${axis}unit`])} cannot be converted to unit=${String(ij.unit ?? 'none')}: ${axis} spacing kept as stored`);
    else spacing[axis] *= f;
  }
  return { spacing, unit: stated };
}

function positive(v: IJValue | undefined): number | null {
  return typeof v === 'number' && v > 0 ? v : null;
}

/**
 * Channel names from ImageJ's slice labels (IJMetadata 'labl', one per plane in ImageJ's c, z, t order,
 * as Fiji shows them): one label per channel, or the same label on every plane of a channel. Labels
 * that differ along z or t name slices, not channels: null then, as when there are none.
 */
function channelNamesFromLabels(labels: readonly string[], C: number, planesPerChannel: number): string[] | null {
  if (labels.length === C && (C > 1 || planesPerChannel === 1)) return [...labels];
  if (labels.length !== C * planesPerChannel) return null;
  const names = labels.slice(0, C);
  for (let i = C; i < labels.length; i++) if (labels[i] !== names[i % C]) return null;
  return names.some((n) => n !== '') ? names : null;
}

function omePlan(file: string, pages: Page[], images: OmeImage[], dtype: DType, warnings: string[]): Plan | null {
  const im = images[0];
  if (!im) return null;
  const p0 = pages[0];
  if (im.sizeX !== p0.width || im.sizeY !== p0.height) {
    warnings.push(`OME-XML size ${im.sizeX}x${im.sizeY} does not match the first page (${p0.width}x${p0.height}); OME-XML ignored`);
    return null;
  }
  if (im.dtype && im.dtype !== dtype) warnings.push(`OME-XML pixel type ${im.dtype} differs from the TIFF sample type ${dtype}; using ${dtype}`);
  const S = p0.samplesPerPixel;
  const C = S > 1 ? Math.max(1, Math.floor(im.sizeC / S)) : im.sizeC;
  const sizes: Record<string, number> = { Z: im.sizeZ, C, T: im.sizeT };
  const page: number[] = [];
  const sample: number[] = [];
  const CS = C * S;
  for (let t = 0; t < im.sizeT; t++) for (let cc = 0; cc < CS; cc++) for (let z = 0; z < im.sizeZ; z++) {
    const pos: Record<string, number> = { Z: z, C: Math.floor(cc / S), T: t };
    let i = 0;
    let stride = 1;
    for (const ax of im.order) { i += pos[ax] * stride; stride *= sizes[ax]; }
    const ifd = im.ifds[i];
    if (ifd === undefined || ifd < 0 || ifd >= pages.length) {
      throw new FormatError(file, `OME-XML maps plane z=${z} c=${cc} t=${t} to IFD ${ifd ?? -1}, but the file has ${pages.length} IFDs${im.externalFiles ? ' (multi-file OME-TIFF is not supported)' : ''}`);
    }
    page.push(ifd);
    sample.push(cc % S);
  }
  const fix = (v: number | null, axis: string): number => {
    if (v === null) return 1;
    if (!(v > 0)) { warnings.push(`OME-XML physical size ${axis} = ${v} is not positive; using 1`); return 1; }
    return v;
  };
  const { channels, modulo } = omeChannels(im, CS, S, warnings);
  const series = images.map((s) => ({
    name: s.name, dims: { x: s.sizeX, y: s.sizeY, z: s.sizeZ, c: s.sizeC, t: s.sizeT }, dtype: s.dtype ?? dtype,
  }));
  return {
    format: 'ome-tiff', dims: { x: p0.width, y: p0.height, z: im.sizeZ, c: CS, t: im.sizeT }, page, sample,
    spacing: { x: fix(im.spacing.x, 'x'), y: fix(im.spacing.y, 'y'), z: fix(im.spacing.z, 'z'), t: im.spacing.t ?? 1 },
    unit: im.unit, timeUnit: im.timeUnit, channels,
    extra: { 'ome.DimensionOrder': `XY${im.order}`, 'ome.Image': im.name },
    series: series.length > 1 ? series : undefined,
    modulo: modulo.length ? modulo : undefined,
  };
}

/**
 * Pages following an uncompressed first page whose strips are contiguous, as ImageJ lays them out
 * when it writes only one IFD; null when the first page is not laid out that way.
 */
function contiguousPages(p0: Page, n: number): Page[] | null {
  if (p0.compression !== 1 || p0.tileWidth > 0 || !p0.counts || p0.bitsPerSample < 8) return null;
  const planeBytes = p0.width * p0.height * p0.samplesPerPixel * (p0.bitsPerSample / 8);
  for (let i = 1; i < p0.offsets.length; i++) {
    if (p0.offsets[i] !== p0.offsets[i - 1] + p0.counts[i - 1]) return null;
  }
  const out: Page[] = [];
  for (let k = 1; k <= n; k++) {
    // Bounds are checked later with every other page (checkPages), before anything is allocated.
    out.push({ ...p0, offsets: p0.offsets.map((o) => o + k * planeBytes), description: null, ijData: null });
  }
  return out;
}
