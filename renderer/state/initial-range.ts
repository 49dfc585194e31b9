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
  state.display.channels.forEach((ch, c) => {
    const first = planeIndex(d, 0, c, 0);
    if (Number.isFinite(ch.mapping.min) && Number.isFinite(ch.mapping.max)) return;
    if (first >= v.planesReceived) return;
    const s = basicStats(v.info.meta.dtype, new Uint8Array(v.sab, first * v.planeBytes, v.planeBytes));
    const ok = Number.isFinite(s.min) && s.max > s.min;
    v.rangeGuessed[c] = true;
    state.setChannel(c, {}, ok ? { min: s.min, max: s.max } : { min: s.min || 0, max: (s.max || 0) + 1 });
  });
}
