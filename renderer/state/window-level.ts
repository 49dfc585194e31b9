import type { AppState } from './app-state.js';

/**
 * Window/level by mouse drag, as in medical viewers: dragging right widens the window, dragging up
 * raises the level (centre). Steps scale with the current width so the drag feels the same on 8-bit
 * and float data. Applies to the channel being looked at.
 */
export function windowLevelDrag(state: AppState, dx: number, dy: number, _final: boolean): void {
  const c = state.currentChannel();
  const ch = state.display.channels[c];
  if (!ch || (dx === 0 && dy === 0)) return;
  const { min, max } = ch.mapping;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return;
  const width = Math.max(max - min, 1e-9);
  const center = (min + max) / 2 - dy * width * 0.005;
  const w = width * Math.exp(dx * 0.005);
  state.setChannel(c, {}, { min: center - w / 2, max: center + w / 2 });
}
