import { decodeDisplay, encodeDisplay, type DisplayState } from '../../app/model/display.js';
import type { VolumeMeta } from '../../app/model/volume.js';
import type { AppState } from './app-state.js';
import type { Layer } from './layers.js';
import type { VolumeData } from './volume-data.js';

/**
 * Display settings are kept per dataset and channel (as Fiji keeps them in the file and napari in the
 * layer), in localStorage: reopening a file brings back its LUTs, ranges, gamma and mode.
 * The format and its migrations are app/model/display.ts's.
 */
const PREFIX = 'voxelscope.display.';

export function datasetKey(v: VolumeData): string {
  const d = v.meta.dims;
  return `${PREFIX}${v.name}|${d.x}x${d.y}x${d.z}x${d.c}x${d.t}|${v.meta.dtype}`;
}

export function saveDisplay(key: string, d: DisplayState): void {
  try {
    localStorage.setItem(key, JSON.stringify(encodeDisplay(d)));
  } catch {
    // Storage full or disabled: settings simply are not remembered.
  }
}

/** Display changes come in bursts (a drag, a cube's hundreds of channels): save once the burst is over. */
const SAVE_DELAY_MS = 300;

/**
 * Keeps a layer's display settings saved while it is in the document: once after a burst of changes,
 * and at once when the page goes away or another volume comes. Returns the unsubscriber.
 */
export function displaySaver(state: AppState, layer: Layer, key: string): () => void {
  let timer = 0;
  const flush = (): void => {
    if (!timer) return;
    clearTimeout(timer);
    timer = 0;
    saveDisplay(key, layer.display);
  };
  const offDisplay = state.on('display', () => {
    if (state.shownLayer !== layer) return;
    clearTimeout(timer);
    timer = window.setTimeout(flush, SAVE_DELAY_MS);
  });
  window.addEventListener('pagehide', flush);
  return () => {
    flush();
    offDisplay();
    window.removeEventListener('pagehide', flush);
  };
}

/** The saved settings for this dataset, if any and if they still fit it (same channel count). */
export function loadDisplay(key: string, meta: VolumeMeta): DisplayState | null {
  try {
    return decodeDisplay(JSON.parse(localStorage.getItem(key) ?? 'null'), meta);
  } catch {
    return null;
  }
}
