import { autoContrast } from '../../app/lut/auto-contrast.js';
import type { AppState } from './app-state.js';

/** Fiji's "Auto": the range that saturates the chosen percentage of voxels, split between both ends. */
export function autoContrastCurrent(state: AppState): void {
  for (const c of state.contrastChannels()) {
    const st = state.stats[c];
    if (!st) continue;
    const [min, max] = autoContrast(st.histogram, state.display.saturation);
    state.setChannel(c, {}, { min, max: max > min ? max : min + 1 });
  }
}

/** Back to the full range of the data. */
export function resetRange(state: AppState): void {
  for (const c of state.contrastChannels()) {
    const st = state.stats[c];
    if (st) state.setChannel(c, {}, { min: st.min, max: st.max > st.min ? st.max : st.min + 1 });
  }
}
