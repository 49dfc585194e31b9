import { basicStats } from '../../app/measure/stats.js';
import type { VolumeData } from './volume-data.js';
import type { DisplayRange } from './app-state.js';

/** A first display range from the first plane, so the first slice is visible before the whole volume is in. */
export function firstPlaneRange(v: VolumeData): DisplayRange {
  const s = basicStats(v.info.meta.dtype, new Uint8Array(v.sab, 0, v.planeBytes));
  return Number.isFinite(s.min) && s.max > s.min ? { min: s.min, max: s.max } : { min: s.min || 0, max: (s.max || 0) + 1 };
}
