import { getColormap, solidColorTable } from '../../app/lut/colormaps.js';
import { mapPlane } from '../../app/lut/display-mapping.js';
import { extractPlane, planeReady, planeSize, type Axis } from '../../app/view/planes.js';
import { toCalibrated, type ValueMapping } from '../../app/model/calibration.js';
import { typedView, type TypedArray } from '../../app/model/dtype.js';
import type { AppState } from '../state/app-state.js';
import type { ChannelDisplay } from '../../app/model/display.js';
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

  /**
   * Fills rgba for the slice. Returns how many channels could be drawn (planes not yet loaded are
   * skipped; an xz or yz plane is drawn with the z rows that have arrived) and whether each of those
   * was drawn whole.
   */
  compose(vol: VolumeData, state: AppState, slice: number): { drawn: number; whole: boolean } {
    const meta = vol.meta;
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
    let whole = true;
    drawn.forEach((c, slot) => {
      const ch = display.channels[c];
      if (!ch) return;
      const got = this.values(vol, c, cursor.t, slice, n, shown);
      if (!got) return;
      const values = got.values;
      whole &&= got.whole;
      const table = display.mode === 'rgb' ? RGB_TABLES[slot] : channelTable(ch);
      const m = ch.mapping;
      const mapping = Number.isFinite(m.min) && Number.isFinite(m.max) ? m : { ...m, min: 0, max: 1 };
      mapPlane(values, n, mapping, table, this.rgba, count === 0 ? 'replace' : 'add', ignore);
      count++;
    });
    return { drawn: count, whole };
  }

  private values(vol: VolumeData, c: number, t: number, slice: number, n: number, shown: ValueMapping): { values: Float32Array; whole: boolean } | null {
    const key = `${this.axis}|${slice}|${t}|${shown.complex}`;
    let entry = this.planes.get(c);
    if (entry?.key === key) return { values: entry.values, whole: true };
    if (!entry) this.planes.set(c, (entry = { key: '', values: new Float32Array(n) }));
    const meta = vol.meta;
    const args = { data: this.view!.data, dims: meta.dims, dtype: meta.dtype, axis: this.axis, index: slice, c, t, out: entry.values, values: shown };
    const whole = planeReady(meta.dims, this.axis, slice, c, t, vol);
    // An xz or yz plane fills in as its z planes arrive (the rows not in yet are blank).
    const ok = extractPlane({ ...args, loaded: vol, partial: true });
    // Only a whole plane is kept; a partial one is fetched again when more planes arrive.
    entry.key = ok && whole ? key : '';
    return ok ? { values: entry.values, whole } : null;
  }
}
