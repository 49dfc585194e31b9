import type { ValueMapping } from '../../app/model/calibration.js';
import type { ComplexPart } from '../../app/model/complex.js';
import { channelStatsInWorker } from '../workers/channel-stats-client.js';
import type { AppState, ChannelStats } from './app-state.js';
import { applyDataRanges, fillRangesFromFirstPlanes } from './initial-range.js';
import { beginWork } from './settle.js';
import type { VolumeData } from './volume-data.js';

/**
 * Takes per-channel statistics computed in `values` (calibration, complex part), and the data ranges
 * they give (applyDataRanges). Statistics for a volume or a complex part no longer shown are dropped.
 */
export function applyChannelStats(state: AppState, data: VolumeData, stats: ChannelStats[], values: ValueMapping): boolean {
  const layer = state.layerOf(data);
  if (!layer || layer.display.complexPart !== values.complex) return false;
  state.setStats(stats, layer);
  applyDataRanges(state, data, stats);
  return true;
}

/**
 * Shows another part of complex data (magnitude, phase, real, imaginary). Ranges and statistics in the
 * old part's values mean nothing for the new one, so both start over: a first-plane guess at once,
 * then the full range once the statistics of the new part are in (for a volume still loading, the
 * loader computes them when the last plane has arrived).
 */
export function setComplexPart(state: AppState, part: ComplexPart): void {
  if (state.display.complexPart === part) return;
  const channels = state.display.channels.map((ch) => ({ ...ch, mapping: { ...ch.mapping, min: NaN, max: NaN } }));
  state.setDisplay({ complexPart: part, channels });
  state.setStats([]);
  const vol = state.volume;
  if (!vol) return;
  fillRangesFromFirstPlanes(state, vol);
  if (vol.planesReceived < vol.planesTotal) return;
  const values = state.values();
  const done = beginWork();
  const meta = vol.meta;
  channelStatsInWorker(vol.sab, meta.dims, meta.dtype, values)
    .then((stats) => applyChannelStats(state, vol, stats, values))
    .catch((e: Error) => state.status(`${vol.name}: statistics failed: ${e.message}`, 'error'))
    .finally(done);
}
