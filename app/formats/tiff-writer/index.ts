/**
 * TIFF writer producing an ImageJ hyperstack that ImageJ/Fiji and tifffile open with their axes:
 * little-endian classic TIFF, one uncompressed single-strip IFD per plane in ImageJ order (c fastest,
 * then z, then t), the ImageJ ImageDescription in the first IFD, X/YResolution = 1/spacing (unit in the
 * description, ResolutionUnit none), and all pixel data in one contiguous block after the IFDs (ImageJ
 * reads a hyperstack from the first strip offset onwards and ignores the later IFDs).
 *
 * Sample types: every non-complex dtype is written as stored (lossless), with SampleFormat 1/2/3.
 * ImageJ itself opens 8-bit, 16-bit (int16 as "16-bit signed", shown offset by 32768 with a
 * calibration) and 32-bit float; int8, (u)int32, (u)int64 and float64 files are read by tifffile and
 * other TIFF readers but not by ImageJ. Complex data is refused.
 *
 * IJMetadata (tags 50838/50839) carries options.provenance as ImageJ's "Info" (Image > Show Info;
 * tifffile: imagej_metadata['Info']) and, for several channels, each channel's display range and,
 * when channels have colours or LUTs, one LUT per channel, so a composite opens with its colours.
 */
import { bytesPerVoxel, typedView, type DType } from '../../model/dtype.js';
import { planeIndex, type VolumeMeta } from '../../model/volume.js';
import type { VolumeWriter, WriteOptions } from '../writer.js';
import { ASCII, BYTE, type Entry, ifdSize, LONG, RATIONAL, SHORT, writeIfd } from './ifd.js';
import { channelLabels, colorLut, imagejDescription, imagejMetadataBlock, rational } from './imagej.js';

const MAX_CLASSIC = 0xffffffff;

function sampleFormat(d: DType): number {
  if (d === 'float32' || d === 'float64') return 3;
  return d.startsWith('int') ? 2 : 1;
}

/** Smallest and largest finite value of `bytes` (whole voxels of `dtype`); null when there is none. */
function valueRange(dtype: DType, bytes: Uint8Array): [number, number] | null {
  const v = typedView(dtype, bytes.buffer, bytes.byteOffset, bytes.byteLength / bytesPerVoxel(dtype));
  let lo = Infinity;
  let hi = -Infinity;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
    for (let i = 0; i < v.length; i++) {
      const x = Number(v[i]);
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  } else {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x < lo) lo = x; // NaN fails both comparisons and is skipped
      if (x > hi) hi = x;
    }
  }
  return lo <= hi && Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/** ImageJ's default composite colours, used for channels without one when others have colours. */
const DEFAULT_COLORS = [0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x00ffff, 0xff00ff, 0xffff00];

/** The ImageJ LUT of each channel (planar 768 bytes), or null when no channel has a colour or LUT. */
function channelLuts(meta: VolumeMeta): Uint8Array[] | null {
  const ch = meta.channels;
  if (!ch.some((c) => c.lut?.length === 768 || (c.color !== null && c.color !== undefined))) return null;
  return Array.from({ length: meta.dims.c }, (_, i) => {
    const info = ch[i];
    if (info?.lut?.length === 768) {
      // ChannelInfo.lut holds r,g,b triples; ImageJ stores 256 reds, then greens, then blues.
      const lut = new Uint8Array(768);
      for (let k = 0; k < 256; k++) {
        lut[k] = info.lut[3 * k]; lut[256 + k] = info.lut[3 * k + 1]; lut[512 + k] = info.lut[3 * k + 2];
      }
      return lut;
    }
    return colorLut(info?.color ?? DEFAULT_COLORS[i % DEFAULT_COLORS.length]);
  });
}

/** Display range of each channel: the file's own where known, else the channel's value range. */
function channelRanges(meta: VolumeMeta, voxels: Uint8Array, planeBytes: number): [number, number][] {
  const { z: Z, c: C, t: T } = meta.dims;
  return Array.from({ length: C }, (_, c) => {
    const own = meta.channels[c]?.range;
    if (own) return own;
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < T; t++) {
      // Planes z = 0..Z-1 of one (c, t) are contiguous in canonical order.
      const p = planeIndex(meta.dims, 0, c, t);
      const r = valueRange(meta.dtype, voxels.subarray(p * planeBytes, (p + Z) * planeBytes));
      if (r) { lo = Math.min(lo, r[0]); hi = Math.max(hi, r[1]); }
    }
    return lo <= hi ? [lo, hi] : [0, 0];
  });
}

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length + 1); // NUL-terminated
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    out[i] = u < 128 ? u : 0x3f; // '?': TIFF ASCII is 7-bit
  }
  return out;
}

export const tiffWriter: VolumeWriter = {
  id: 'imagej-tiff',
  extensions: ['tif', 'tiff'],

  encode(meta: VolumeMeta, voxels: Uint8Array, options?: WriteOptions): Uint8Array[] {
    const { x: X, y: Y, z: Z, c: C, t: T } = meta.dims;
    const dtype = meta.dtype;
    if (dtype === 'complex64' || dtype === 'complex128') {
      throw new Error(`TIFF writer: ${dtype} data cannot be written to TIFF (save as .npy or .nii instead)`);
    }
    const bpv = bytesPerVoxel(dtype);
    const planeBytes = X * Y * bpv;
    const planes = Z * C * T;
    if (voxels.byteLength !== planeBytes * planes) {
      throw new Error(`TIFF writer: ${voxels.byteLength} voxel bytes given, dims and dtype need ${planeBytes * planes}`);
    }
    // ImageJ reads 32-bit offsets and the first strip's byte count as one LONG; beyond that needs BigTIFF.
    if (planeBytes > MAX_CLASSIC) throw new Error(`TIFF writer: one plane is ${planeBytes} bytes, more than a classic TIFF strip can hold`);

    const enc = (s: string) => ascii(s);
    const ranges = C > 1 ? channelRanges(meta, voxels, planeBytes) : null;
    const whole = ranges
      ? [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))] as [number, number]
      : valueRange(dtype, voxels);
    const description = enc(imagejDescription(meta, whole));
    const software = enc('Voxelscope');
    const info = imagejMetadataBlock({ info: options?.provenance, labels: channelLabels(meta), ranges, luts: C > 1 ? channelLuts(meta) : null });

    // Shared out-of-line values, each at an even offset.
    let at = 8;
    const place = (n: number): number => {
      const o = at;
      at += n + (n & 1);
      return o;
    };
    const descAt = place(description.length);
    const softAt = place(software.length);
    const resAt = place(16);
    const countsAt = info ? place(4 * info.counts.length) : 0;
    const infoAt = info ? place(info.bytes.length) : 0;
    const ifdsAt = at;
    // SampleFormat is omitted for unsigned integers (the default), as ImageJ writes them.
    const sf = sampleFormat(dtype);
    const otherEntries = 13 + (sf !== 1 ? 1 : 0);
    const firstEntries = otherEntries + 2 + (info ? 2 : 0);
    const ifdBytes = ifdSize(firstEntries) + (planes - 1) * ifdSize(otherEntries);
    const dataAt = Math.ceil((ifdsAt + ifdBytes) / 16) * 16;
    const total = dataAt + planeBytes * planes;
    if (total > MAX_CLASSIC) {
      throw new Error(`TIFF writer: the file would be ${total} bytes; files over 4 GiB need BigTIFF, which is not supported yet`);
    }

    const head = new Uint8Array(dataAt);
    const view = new DataView(head.buffer);
    head.set([0x49, 0x49, 42, 0], 0);
    view.setUint32(4, ifdsAt, true);
    head.set(description, descAt);
    head.set(software, softAt);
    const [xn, xd] = rational(1 / meta.spacing.x);
    const [yn, yd] = rational(1 / meta.spacing.y);
    view.setUint32(resAt, xn, true); view.setUint32(resAt + 4, xd, true);
    view.setUint32(resAt + 8, yn, true); view.setUint32(resAt + 12, yd, true);
    if (info) {
      info.counts.forEach((n, k) => view.setUint32(countsAt + 4 * k, n, true));
      head.set(info.bytes, infoAt);
    }

    const chunks: Uint8Array[] = [head];
    let ifd = ifdsAt;
    // ImageJ order: i = c + C*(z + Z*t); each IFD points at its plane in the contiguous data block.
    for (let t = 0, i = 0; t < T; t++) {
      for (let z = 0; z < Z; z++) {
        for (let c = 0; c < C; c++, i++) {
          const entries: Entry[] = [
            { tag: 254, type: LONG, count: 1, value: 0 },
            { tag: 256, type: LONG, count: 1, value: X },
            { tag: 257, type: LONG, count: 1, value: Y },
            { tag: 258, type: SHORT, count: 1, value: bpv * 8 },
            { tag: 259, type: SHORT, count: 1, value: 1 },
            { tag: 262, type: SHORT, count: 1, value: 1 },
            { tag: 273, type: LONG, count: 1, value: dataAt + i * planeBytes },
            { tag: 277, type: SHORT, count: 1, value: 1 },
            { tag: 278, type: LONG, count: 1, value: Y },
            { tag: 279, type: LONG, count: 1, value: planeBytes },
            { tag: 282, type: RATIONAL, count: 1, value: resAt },
            { tag: 283, type: RATIONAL, count: 1, value: resAt + 8 },
            { tag: 296, type: SHORT, count: 1, value: 1 },
          ];
          if (i === 0) {
            entries.push({ tag: 270, type: ASCII, count: description.length, value: descAt });
            entries.push({ tag: 305, type: ASCII, count: software.length, value: softAt });
            if (info) {
              entries.push({ tag: 50838, type: LONG, count: info.counts.length, value: countsAt });
              entries.push({ tag: 50839, type: BYTE, count: info.bytes.length, value: infoAt });
            }
          }
          if (sf !== 1) entries.push({ tag: 339, type: SHORT, count: 1, value: sf });
          const next = i === planes - 1 ? 0 : ifd + ifdSize(entries.length);
          writeIfd(view, ifd, entries, next);
          ifd = next;
          const p = planeIndex(meta.dims, z, c, t);
          chunks.push(voxels.subarray(p * planeBytes, (p + 1) * planeBytes));
        }
      }
    }
    return chunks;
  },
};
