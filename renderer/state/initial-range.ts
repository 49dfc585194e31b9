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
  const meta = v.meta;
  const d = meta.dims;
  const data = typedView(meta.dtype, v.sab);
  const values = state.values();
  let plane: Float32Array | null = null;
  let changed = false;
  // One display change for all the channels whose first plane arrived (a cube has hundreds).
  const channels = state.display.channels.map((ch, c) => {
    if (Number.isFinite(ch.mapping.min) && Number.isFinite(ch.mapping.max)) return ch;
    // The slice on screen if it is in (it may come first), else the channel's first plane.
    const { z, t } = state.cursor.t < d.t && v.has(planeIndex(d, state.cursor.z, c, state.cursor.t)) ? state.cursor : { z: 0, t: 0 };
    if (!v.has(planeIndex(d, z, c, t))) return ch;
    plane ??= new Float32Array(d.x * d.y);
    extractPlane({
      data, dims: d, dtype: meta.dtype, axis: 'xy', index: z, c, t, loaded: v, out: plane, values,
    });
    const [min, max] = finiteExtent(plane, plane.length);
    v.rangeGuessed[c] = true;
    changed = true;
    return { ...ch, mapping: { ...ch.mapping, min, max: max > min ? max : min + 1 } };
  });
  if (changed) state.setDisplay({ channels });
}

/**
 * Once the whole volume is in: channels without a range from the file (or saved settings), and those
 * whose range was guessed from a first plane, get the data's full range, as in napari. One change.
 */
export function applyDataRanges(state: AppState, v: VolumeData, stats: readonly { min: number; max: number }[]): void {
  const layer = state.layerOf(v);
  if (!layer) return;
  let changed = false;
  const channels = layer.display.channels.map((ch, c) => {
    const st = stats[c];
    const m = ch.mapping;
    if (!st || !(v.rangeGuessed[c] || !Number.isFinite(m.min) || !Number.isFinite(m.max))) return ch;
    changed = true;
    return { ...ch, mapping: { ...m, min: st.min, max: st.max > st.min ? st.max : st.min + 1 } };
  });
  if (changed) state.setDisplay({ channels }, layer);
}
