import { basicStats } from '../../app/measure/stats.js';
import { planeIndex } from '../../app/model/volume.js';
import type { AppState } from './app-state.js';
import type { VolumeData } from './volume-data.js';

/**
 * While a volume streams in, channels with no range yet get one from their first plane, so the first
 * slice is visible before the whole volume is in. Such guesses are marked and replaced by the full data
 * range once the per-channel statistics are done.
 */
export function fillRangesFromFirstPlanes(state: AppState, v: VolumeData): void {
  const d = v.info.meta.dims;
  let changed = false;
  // One display change for all the channels whose first plane arrived (a cube has hundreds).
  const channels = state.display.channels.map((ch, c) => {
    const first = planeIndex(d, 0, c, 0);
    if (Number.isFinite(ch.mapping.min) && Number.isFinite(ch.mapping.max)) return ch;
    if (first >= v.planesReceived) return ch;
    const s = basicStats(v.info.meta.dtype, new Uint8Array(v.sab, first * v.planeBytes, v.planeBytes));
    const ok = Number.isFinite(s.min) && s.max > s.min;
    v.rangeGuessed[c] = true;
    changed = true;
    return { ...ch, mapping: { ...ch.mapping, ...(ok ? { min: s.min, max: s.max } : { min: s.min || 0, max: (s.max || 0) + 1 }) } };
  });
  if (changed) state.setDisplay({ channels });
}

/**
 * Once the whole volume is in: channels without a range from the file (or saved settings), and those
 * whose range was guessed from a first plane, get the data's full range, as in napari. One change.
 */
export function applyDataRanges(state: AppState, v: VolumeData, stats: readonly { min: number; max: number }[]): void {
  let changed = false;
  const channels = state.display.channels.map((ch, c) => {
    const st = stats[c];
    const m = ch.mapping;
    if (!st || !(v.rangeGuessed[c] || !Number.isFinite(m.min) || !Number.isFinite(m.max))) return ch;
    changed = true;
    return { ...ch, mapping: { ...m, min: st.min, max: st.max > st.min ? st.max : st.min + 1 } };
  });
  if (changed) state.setDisplay({ channels });
}
