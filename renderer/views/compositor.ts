import { getColormap, solidColorTable } from '../../app/lut/colormaps.js';
import { mapPlane } from '../../app/lut/display-mapping.js';
import { overlayLabels, overlayMask } from '../../app/lut/overlay.js';
import { extractPlane, planeReady, planeSize, type Axis } from '../../app/view/planes.js';
import { toCalibrated, type ValueMapping } from '../../app/model/calibration.js';
import { typedView, type TypedArray } from '../../app/model/dtype.js';
import type { AppState } from '../state/app-state.js';
import type { ChannelDisplay } from '../../app/model/display.js';
import type { Layer } from '../state/layers.js';
import type { PreviewSource } from '../state/preview-source.js';
import type { VolumeData } from '../state/volume-data.js';

const RGB_TABLES = [solidColorTable(0xff0000), solidColorTable(0x00ff00), solidColorTable(0x0000ff)];
const GRAY = solidColorTable(0xffffff);
/** Masks are drawn in one colour (a threshold's preview and mask layers alike). */
export const MASK_COLOR: [number, number, number] = [255, 210, 0];
const MASK_OPACITY = 0.45;
const LABEL_OPACITY = 0.6;

/** The lookup table a channel is drawn with. */
export function channelTable(ch: ChannelDisplay): Uint8Array {
  if (ch.lut === 'custom') return ch.customTable ?? GRAY;
  return getColormap(ch.lut)?.table ?? GRAY;
}

export interface Composed {
  /** Channels drawn (planes not yet loaded are skipped). */
  drawn: number;
  /** Every one of them whole (an xz or yz plane may be drawn with the z rows that have arrived). */
  whole: boolean;
  /** The preview of a channel on screen is still being computed (the original is shown there meanwhile). */
  computing: boolean;
}

/**
 * Turns one plane of a view into RGBA: for each drawn channel, the shown (calibrated) values are
 * extracted once (kept while the slice stays the same, so a LUT or range change only re-maps) and mapped
 * through the channel's table; channels add up, like Fiji's composite mode. With a preview on, the
 * pipeline's result takes the place of the original (or the part right of the split divider); a mask
 * or labels result, and mask and label layers, are drawn over the image.
 */
export class PlaneCompositor {
  rgba = new Uint8Array(0);
  width = 0;
  height = 0;
  /** The preview's RGBA, merged into rgba right of the split divider. */
  private after = new Uint8Array(0);
  private readonly planes = new Map<number, { key: string; values: Float32Array }>();
  private view: { vol: VolumeData; data: TypedArray } | null = null;

  constructor(private readonly axis: Axis) {}

  compose(vol: VolumeData, state: AppState, slice: number): Composed {
    const meta = vol.meta;
    const size = planeSize(meta.dims, this.axis);
    const n = size.width * size.height;
    if (this.width !== size.width || this.height !== size.height) {
      this.width = size.width;
      this.height = size.height;
      this.rgba = new Uint8Array(n * 4);
      this.after = new Uint8Array(n * 4);
      this.planes.clear();
    }
    if (this.view?.vol !== vol) {
      this.view = { vol, data: typedView(meta.dtype, vol.sab) };
      this.planes.clear();
    }
    const { display, cursor } = state;
    const shown = state.values();
    // The "no data" value is stored; the plane holds calibrated values.
    const ignore = meta.ignoreValue === null || meta.ignoreValue === undefined ? null : toCalibrated(meta.ignoreValue, shown.scaling);
    const preview = state.previewSource?.active ? state.previewSource : null;
    const split = state.pipeline.preview === 'split' ? Math.round(state.pipeline.split * size.width) : 0;
    const imagePreview = preview?.kind === 'image' ? preview : null;
    let count = 0;
    let whole = true;
    let computing = false;
    state.drawnChannels().forEach((c, slot) => {
      const ch = display.channels[c];
      if (!ch) return;
      const got = this.values(vol, c, cursor.t, slice, n, shown);
      if (!got) return;
      whole &&= got.whole;
      const table = display.mode === 'rgb' ? RGB_TABLES[slot] : channelTable(ch);
      const m = ch.mapping;
      const mapping = Number.isFinite(m.min) && Number.isFinite(m.max) ? m : { ...m, min: 0, max: 1 };
      const mode = count === 0 ? 'replace' : 'add';
      mapPlane(got.values, n, mapping, table, this.rgba, mode, ignore);
      if (imagePreview) {
        const p = imagePreview.plane(this.axis, slice, c, cursor.t);
        computing ||= !p;
        const r = imagePreview.range(c);
        mapPlane(p?.values ?? got.values, n, p && r ? { ...mapping, min: r[0], max: r[1] } : mapping, table, this.after, mode, p ? null : ignore);
      }
      count++;
    });
    if (count && imagePreview) this.merge(split);
    if (count && preview && preview.kind !== 'image') computing ||= !this.overlayPreview(preview, slice, state, split);
    if (count) for (const l of state.overlays()) this.overlayLayer(l, slice, state);
    return { drawn: count, whole, computing };
  }

  /** The preview's pixels into rgba: all of them, or those right of the divider column. */
  private merge(split: number): void {
    const w = this.width;
    if (split <= 0) {
      this.rgba.set(this.after);
      return;
    }
    for (let y = 0; y < this.height; y++) this.rgba.set(this.after.subarray(4 * (y * w + split), 4 * (y + 1) * w), 4 * (y * w + split));
  }

  /** A mask or labels preview over the image (right of the divider in a split); false while computing. */
  private overlayPreview(preview: PreviewSource, slice: number, state: AppState, split: number): boolean {
    const p = preview.plane(this.axis, slice, state.currentChannel(), state.cursor.t);
    if (!p) return false;
    const values = split > 0 ? maskLeftColumns(p.values, this.width, split) : p.values;
    const n = this.width * this.height;
    if (p.kind === 'mask') overlayMask(this.rgba, values, n, MASK_COLOR, MASK_OPACITY);
    else overlayLabels(this.rgba, values, n, LABEL_OPACITY, preview.highlight ?? 0);
    return true;
  }

  /** A mask or label layer over the image it belongs to, at its opacity. */
  private overlayLayer(l: Layer, slice: number, state: AppState): void {
    const v = l.voxels;
    const d = v.meta.dims;
    const c = Math.min(state.currentChannel(), d.c - 1);
    const values = new Float32Array(this.width * this.height);
    if (!extractPlane({ data: typedView(v.meta.dtype, v.sab), dims: d, dtype: v.meta.dtype, axis: this.axis, index: slice, c, t: state.cursor.t, loaded: v, out: values })) return;
    if (l.kind === 'mask') overlayMask(this.rgba, values, values.length, MASK_COLOR, l.opacity);
    else overlayLabels(this.rgba, values, values.length, l.opacity, l.highlight ?? 0);
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

/** The values with the columns left of `split` cleared (the original shows there). */
function maskLeftColumns(values: Float32Array, width: number, split: number): Float32Array {
  const out = values.slice();
  for (let i = 0; i < out.length; i += width) out.fill(0, i, i + split);
  return out;
}
