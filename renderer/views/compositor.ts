import { getColormap, solidColorTable } from '../../app/lut/colormaps.js';
import { mapPlane } from '../../app/lut/display-mapping.js';
import { extractPlane, planeSize, type Axis } from '../../app/view/planes.js';
import { toCalibrated, type ValueMapping } from '../../app/model/calibration.js';
import { typedView, type TypedArray } from '../../app/model/dtype.js';
import type { AppState, ChannelDisplay } from '../state/app-state.js';
import type { VolumeData } from '../state/volume-data.js';

const RGB_TABLES = [solidColorTable(0xff0000), solidColorTable(0x00ff00), solidColorTable(0x0000ff)];
const GRAY = solidColorTable(0xffffff);

/** The lookup table a channel is drawn with. */
export function channelTable(ch: ChannelDisplay): Uint8Array {
  if (ch.lut === 'custom') return ch.customTable ?? GRAY;
  return getColormap(ch.lut)?.table ?? GRAY;
}

/**
 * Turns one plane of a view into RGBA: for each drawn channel, the shown (calibrated) values are extracted once
 * (kept while the slice stays the same, so a LUT or range change only re-maps) and mapped through the
 * channel's table; channels add up, like Fiji's composite mode.
 */
export class PlaneCompositor {
  rgba = new Uint8Array(0);
  width = 0;
  height = 0;
  private readonly planes = new Map<number, { key: string; values: Float32Array }>();
  private view: { vol: VolumeData; data: TypedArray } | null = null;

  constructor(private readonly axis: Axis) {}

  /** Fills rgba for the slice; returns the number of channels that could be drawn (planes not yet loaded are skipped). */
  compose(vol: VolumeData, state: AppState, slice: number): number {
    const meta = vol.info.meta;
    const size = planeSize(meta.dims, this.axis);
    const n = size.width * size.height;
    if (this.width !== size.width || this.height !== size.height) {
      this.width = size.width;
      this.height = size.height;
      this.rgba = new Uint8Array(n * 4);
      this.planes.clear();
    }
    if (this.view?.vol !== vol) {
      this.view = { vol, data: typedView(meta.dtype, vol.sab) };
      this.planes.clear();
    }
    const { display, cursor } = state;
    const drawn = state.drawnChannels();
    const shown = state.values();
    // The "no data" value is stored; the plane holds calibrated values.
    const ignore = meta.ignoreValue === null || meta.ignoreValue === undefined ? null : toCalibrated(meta.ignoreValue, shown.scaling);
    let count = 0;
    drawn.forEach((c, slot) => {
      const ch = display.channels[c];
      if (!ch) return;
      const values = this.values(vol, c, cursor.t, slice, n, shown);
      if (!values) return;
      const table = display.mode === 'rgb' ? RGB_TABLES[slot] : channelTable(ch);
      const m = ch.mapping;
      const mapping = Number.isFinite(m.min) && Number.isFinite(m.max) ? m : { ...m, min: 0, max: 1 };
      mapPlane(values, n, mapping, table, this.rgba, count === 0 ? 'replace' : 'add', ignore);
      count++;
    });
    return count;
  }

  private values(vol: VolumeData, c: number, t: number, slice: number, n: number, shown: ValueMapping): Float32Array | null {
    const key = `${this.axis}|${slice}|${t}|${shown.complex}`;
    let entry = this.planes.get(c);
    if (entry?.key === key) return entry.values;
    if (!entry) this.planes.set(c, (entry = { key: '', values: new Float32Array(n) }));
    const meta = vol.info.meta;
    const ok = extractPlane({
      data: this.view!.data, dims: meta.dims, dtype: meta.dtype, axis: this.axis, index: slice, c, t,
      planesLoaded: vol.planesReceived, out: entry.values, values: shown,
    });
    // Only a complete plane is kept; a partial one is fetched again when more planes arrive.
    entry.key = ok ? key : '';
    return ok ? entry.values : null;
  }
}
