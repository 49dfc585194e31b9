import { activeScaling, integerValued, type ValueMapping } from '../model/calibration.js';
import type { DType, TypedArray } from '../model/dtype.js';
import type { Dims } from '../model/volume.js';
import { extractPlane } from '../view/planes.js';
import { computeHistogram, mergeHistograms, type Histogram } from './histogram.js';

/** Per channel: the smallest and largest finite value shown, and the histogram of them all. */
export interface ChannelStatistics { min: number; max: number; histogram: Histogram }

/** Stored types whose every value can be counted in a table of its own (at most 65536 entries). */
const COUNTABLE: Partial<Record<DType, { offset: number; size: number }>> = {
  uint8: { offset: 0, size: 256 },
  int8: { offset: 128, size: 256 },
  uint16: { offset: 0, size: 65536 },
  int16: { offset: 32768, size: 65536 },
};

/** Float32 holds every integer below this exactly: calibrated integers beyond it are not counted exactly. */
const FLOAT32_EXACT = 2 ** 24;

/**
 * The statistics of a volume's channels in the values the viewer shows (calibrated, the chosen complex
 * part), built plane by plane as planes arrive, in any order, so that little is left to do once the
 * last one is in. The result equals computing each channel's range and then its histogram with that
 * range over all its planes (what `computeHistogram` and `mergeHistograms` give).
 *
 *  - 8- and 16-bit integers with whole-number calibration: every stored value is counted in a table as
 *    the plane arrives (one pass, nothing left at the end); the range and the histogram come from the
 *    table, binned exactly as computeHistogram bins the calibrated values.
 *  - Everything else: the range grows plane by plane; the histogram needs the final range, so it is
 *    one more pass over the channel's planes at the end.
 */
export class ChannelStatisticsBuilder {
  private readonly planeVoxels: number;
  private readonly counted: { offset: number; size: number } | null;
  private readonly tables: Float64Array[] = [];
  private readonly mins: number[];
  private readonly maxs: number[];
  private readonly seen: Uint8Array;
  private readonly scratch: Float32Array;
  private readonly integer: boolean;

  constructor(private readonly dims: Dims, private readonly dtype: DType, private readonly values: ValueMapping, private readonly bins = 256) {
    this.planeVoxels = dims.x * dims.y;
    const c = COUNTABLE[dtype];
    this.integer = integerValued(dtype, values);
    this.counted = c && this.integer && exactInFloat32(c, values) ? c : null;
    if (this.counted) for (let ch = 0; ch < dims.c; ch++) this.tables.push(new Float64Array(this.counted.size));
    this.mins = Array.from({ length: dims.c }, () => Infinity);
    this.maxs = Array.from({ length: dims.c }, () => -Infinity);
    this.seen = new Uint8Array(dims.z * dims.c * dims.t);
    this.scratch = new Float32Array(this.counted ? 0 : this.planeVoxels);
  }

  /** Takes plane `p` (canonical order: z fastest, then c, t) of `data`, the whole volume; a plane twice counts once. */
  addPlane(data: TypedArray, p: number): void {
    if (this.seen[p]) return;
    this.seen[p] = 1;
    const { z: Z, c: C } = this.dims;
    const c = Math.floor(p / Z) % C;
    if (this.counted) {
      const table = this.tables[c];
      const off = this.counted.offset;
      const start = p * this.planeVoxels;
      const end = start + this.planeVoxels;
      for (let i = start; i < end; i++) table[(data[i] as number) + off]++;
      return;
    }
    const plane = this.planeValues(data, p);
    let min = this.mins[c];
    let max = this.maxs[c];
    for (let i = 0; i < plane.length; i++) {
      const v = plane[i];
      // NaN fails both tests; infinities have no place on a histogram axis.
      if (v < min && v !== -Infinity) min = v;
      if (v > max && v !== Infinity) max = v;
    }
    this.mins[c] = min;
    this.maxs[c] = max;
  }

  /** Adds every plane not added yet and gives each channel's statistics. */
  finish(data: TypedArray): ChannelStatistics[] {
    for (let p = 0; p < this.seen.length; p++) this.addPlane(data, p);
    const out: ChannelStatistics[] = [];
    for (let c = 0; c < this.dims.c; c++) out.push(this.counted ? this.fromTable(c) : this.fromPlanes(data, c));
    return out;
  }

  private planeValues(data: TypedArray, p: number): Float32Array {
    const { z: Z, c: C } = this.dims;
    const z = p % Z;
    const c = Math.floor(p / Z) % C;
    const t = Math.floor(p / (Z * C));
    extractPlane({ data, dims: this.dims, dtype: this.dtype, axis: 'xy', index: z, c, t, out: this.scratch, values: this.values });
    return this.scratch;
  }

  /** The second pass of the general case: the channel's histogram over its final range. */
  private fromPlanes(data: TypedArray, c: number): ChannelStatistics {
    let [min, max] = [this.mins[c], this.maxs[c]];
    if (!(min <= max)) [min, max] = [0, 0];
    const { z: Z, c: C, t: T } = this.dims;
    let hist: Histogram | null = null;
    for (let t = 0; t < T; t++) {
      for (let z = 0; z < Z; z++) {
        const h = computeHistogram(this.planeValues(data, z + Z * (c + C * t)), this.planeVoxels, this.bins, [min, max], this.integer);
        hist = hist ? mergeHistograms(hist, h) : h;
      }
    }
    return { min, max, histogram: hist! };
  }

  /**
   * The counted case: stored value s (table index s + offset) shows as s * slope + inter. The table is
   * walked once for the range, then once to fill the integer bins computeHistogram would use.
   */
  private fromTable(c: number): ChannelStatistics {
    const table = this.tables[c];
    const off = this.counted!.offset;
    const a = activeScaling(this.values.scaling);
    const shown = (i: number): number => (a ? (i - off) * a.slope + a.inter : i - off);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < table.length; i++) {
      if (!table[i]) continue;
      const v = shown(i);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(min <= max)) [min, max] = [0, 0];
    // The binning computeHistogram picks for this range (no samples: it depends on the range alone).
    const h = computeHistogram([], 0, this.bins, [min, max], true);
    const nb = h.counts.length;
    for (let i = 0; i < table.length; i++) {
      const n = table[i];
      if (!n) continue;
      const v = shown(i);
      let b = h.binWidth === 1 ? v - h.lo : Math.floor((v - h.lo) / h.binWidth);
      if (h.lo + b * h.binWidth > v) b--;
      h.counts[b < nb ? b : nb - 1] += n;
      h.total += n;
    }
    return { min, max, histogram: h };
  }
}

/** Whether every calibrated value of the type's range stays an integer float32 holds exactly. */
function exactInFloat32(c: { offset: number; size: number }, values: ValueMapping): boolean {
  const a = activeScaling(values.scaling);
  if (!a) return true;
  const ends = [-c.offset, c.size - 1 - c.offset].map((s) => Math.abs(s * a.slope + a.inter));
  return Math.max(...ends) < FLOAT32_EXACT;
}
