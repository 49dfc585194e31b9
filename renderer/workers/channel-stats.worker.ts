import { computeHistogram, mergeHistograms, type Histogram } from '../../app/lut/histogram.js';
import { integerValued, STORED_VALUES, type ValueMapping } from '../../app/model/calibration.js';
import { typedView, type DType } from '../../app/model/dtype.js';
import type { Dims } from '../../app/model/volume.js';
import { extractPlane } from '../../app/view/planes.js';

/**
 * Per-channel statistics of a volume in shared memory (no copy): min, max and a histogram over every
 * z and t of each channel, in the values the viewer shows (calibrated, the chosen complex part). Two
 * passes over the planes: the range, then the counts with that range.
 */
export interface ChannelStatsRequest {
  sab: SharedArrayBuffer; dims: Dims; dtype: DType; bins: number;
  /** Calibration and complex part; absent means stored values (complex by magnitude), as before it existed. */
  values?: ValueMapping;
}
export interface ChannelStatsReply { channels: { min: number; max: number; histogram: Histogram }[] }

self.onmessage = (e: MessageEvent<ChannelStatsRequest>) => {
  const { sab, dims, dtype, bins } = e.data;
  const values = e.data.values ?? STORED_VALUES;
  const data = typedView(dtype, sab);
  const plane = new Float32Array(dims.x * dims.y);
  const n = plane.length;
  const eachPlane = (c: number, fn: () => void): void => {
    for (let t = 0; t < dims.t; t++) {
      for (let z = 0; z < dims.z; z++) {
        extractPlane({ data, dims, dtype, axis: 'xy', index: z, c, t, planesLoaded: Infinity, out: plane, values });
        fn();
      }
    }
  };
  const integer = integerValued(dtype, values);
  const channels: ChannelStatsReply['channels'] = [];
  for (let c = 0; c < dims.c; c++) {
    let min = Infinity;
    let max = -Infinity;
    eachPlane(c, () => {
      for (let i = 0; i < n; i++) {
        const v = plane[i];
        // NaN fails both tests; infinities have no place on a histogram axis.
        if (v < min && v !== -Infinity) min = v;
        if (v > max && v !== Infinity) max = v;
      }
    });
    if (!(min <= max)) {
      min = 0;
      max = 0;
    }
    let hist: Histogram | null = null;
    eachPlane(c, () => {
      const h = computeHistogram(plane, n, bins, [min, max], integer);
      hist = hist ? mergeHistograms(hist, h) : h;
    });
    channels.push({ min, max, histogram: hist! });
  }
  self.postMessage({ channels } satisfies ChannelStatsReply);
};
