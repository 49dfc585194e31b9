import { finiteExtent } from '../../app/lut/histogram.js';
import { typedView } from '../../app/model/dtype.js';
import { planeIndex } from '../../app/model/volume.js';
import { extractPlane } from '../../app/view/planes.js';
import type { AppState } from './app-state.js';
import type { VolumeData } from './volume-data.js';

/**
 * While a volume streams in, channels with no range yet get one from their first plane (in the values
 * shown: calibrated, the chosen complex part), so the first slice is visible before the whole volume is
 * in. Such guesses are marked and replaced by the full data range once the per-channel statistics are done.
 */
export function fillRangesFromFirstPlanes(state: AppState, v: VolumeData): void {
  const meta = v.info.meta;
  const d = meta.dims;
  let plane: Float32Array | null = null;
  state.display.channels.forEach((ch, c) => {
    if (Number.isFinite(ch.mapping.min) && Number.isFinite(ch.mapping.max)) return;
    if (planeIndex(d, 0, c, 0) >= v.planesReceived) return;
    plane ??= new Float32Array(d.x * d.y);
    extractPlane({
      data: typedView(meta.dtype, v.sab), dims: d, dtype: meta.dtype, axis: 'xy', index: 0, c, t: 0,
      planesLoaded: v.planesReceived, out: plane, values: state.values(),
    });
    const [min, max] = finiteExtent(plane, plane.length);
    v.rangeGuessed[c] = true;
    state.setChannel(c, {}, { min, max: max > min ? max : min + 1 });
  });
}
