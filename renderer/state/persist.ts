import type { OpenResult } from '../../app/ipc/contract.js';
import type { AppState, ChannelDisplay, DisplayState } from './app-state.js';
import type { VolumeData } from './volume-data.js';

/**
 * Display settings are kept per dataset and channel (as Fiji keeps them in the file and napari in the
 * layer), in localStorage: reopening a file brings back its LUTs, ranges, gamma and mode.
 */
const PREFIX = 'voxelscope.display.';

export function datasetKey(r: OpenResult): string {
  const d = r.meta.dims;
  return `${PREFIX}${r.sourceName}|${d.x}x${d.y}x${d.z}x${d.c}x${d.t}|${r.meta.dtype}`;
}

interface StoredChannel extends Omit<ChannelDisplay, 'customTable'> { customTable: number[] | null }
interface Stored { v: 1; mode: DisplayState['mode']; rgbBands: DisplayState['rgbBands']; saturation: number; channels: StoredChannel[] }

export function saveDisplay(key: string, d: DisplayState): void {
  const stored: Stored = {
    v: 1, mode: d.mode, rgbBands: d.rgbBands, saturation: d.saturation,
    channels: d.channels.map((ch) => ({ ...ch, customTable: ch.customTable ? [...ch.customTable] : null })),
  };
  try {
    localStorage.setItem(key, JSON.stringify(stored));
  } catch {
    // Storage full or disabled: settings simply are not remembered.
  }
}

/** Display changes come in bursts (a drag, a cube's hundreds of channels): save once the burst is over. */
const SAVE_DELAY_MS = 300;

/**
 * Keeps `data`'s display settings saved while it is the volume on screen: once after a burst of
 * changes, and at once when the page goes away or another volume comes. Returns the unsubscriber.
 */
export function displaySaver(state: AppState, data: VolumeData, key: string): () => void {
  let timer = 0;
  const flush = (): void => {
    if (!timer) return;
    clearTimeout(timer);
    timer = 0;
    saveDisplay(key, state.display);
  };
  const offDisplay = state.on('display', () => {
    if (state.volume !== data) return;
    clearTimeout(timer);
    timer = window.setTimeout(flush, SAVE_DELAY_MS);
  });
  window.addEventListener('pagehide', flush);
  return () => {
    if (state.volume === data) flush();
    else if (timer) clearTimeout(timer);
    timer = 0;
    offDisplay();
    window.removeEventListener('pagehide', flush);
  };
}

/** The saved settings for this dataset, if any and if they still fit it (same channel count). */
export function loadDisplay(key: string, channels: number): DisplayState | null {
  let s: Stored;
  try {
    s = JSON.parse(localStorage.getItem(key) ?? 'null') as Stored;
  } catch {
    return null;
  }
  if (!s || s.v !== 1 || !Array.isArray(s.channels) || s.channels.length !== channels) return null;
  const finite = (n: unknown, dflt: number): number => (typeof n === 'number' && Number.isFinite(n) ? n : dflt);
  return {
    mode: s.mode === 'composite' || s.mode === 'rgb' ? s.mode : 'single',
    rgbBands: s.rgbBands.map((b) => Math.max(0, Math.min(channels - 1, finite(b, 0)))) as [number, number, number],
    saturation: finite(s.saturation, 0.35),
    channels: s.channels.map((ch) => ({
      visible: ch.visible !== false,
      lut: typeof ch.lut === 'string' ? ch.lut : 'gray',
      customName: ch.customName ?? null,
      customTable: Array.isArray(ch.customTable) && ch.customTable.length === 768 ? Uint8Array.from(ch.customTable) : null,
      mapping: {
        min: finite(ch.mapping?.min, NaN), max: finite(ch.mapping?.max, NaN),
        gamma: finite(ch.mapping?.gamma, 1), log: ch.mapping?.log === true, invert: ch.mapping?.invert === true,
      },
    })),
  };
}
