import { autoContrast } from '../../app/lut/auto-contrast.js';
import type { AppState } from './app-state.js';

/** The channels an auto/reset acts on: the current one, or the three bands in RGB mode. */
function targets(state: AppState): number[] {
  return state.display.mode === 'rgb' ? [...new Set(state.display.rgbBands)] : [state.cursor.c];
}

/** Fiji's "Auto": the range that saturates the chosen percentage of voxels, split between both ends. */
export function autoContrastCurrent(state: AppState): void {
  for (const c of targets(state)) {
    const st = state.stats[c];
    if (!st) continue;
    const [min, max] = autoContrast(st.histogram, state.display.saturation);
    state.setChannel(c, {}, { min, max: max > min ? max : min + 1 });
  }
}

/** Back to the full range of the data. */
export function resetRange(state: AppState): void {
  for (const c of targets(state)) {
    const st = state.stats[c];
    if (st) state.setChannel(c, {}, { min: st.min, max: st.max > st.min ? st.max : st.min + 1 });
  }
}
