import { formatTick, niceTickStep, niceTicks } from '../../../app/lut/ticks.js';
import { linearScale, toPixel, type Rect } from './scale.js';

export type Orientation = 'vertical' | 'horizontal';

export interface ColorbarBox extends Rect {
  orientation: Orientation;
  min: number;
  max: number;
  /** Unit or quantity shown with the bar ("µm", "intensity"); empty for none. */
  label: string;
  /** Font size in the same pixels as the box. */
  fontPx: number;
  /** Width of a text in pixels (ctx.measureText(s).width, or an estimate in tests). */
  measure: (text: string) => number;
}

export interface ColorbarTick {
  value: number;
  /** Pixel position along the bar: y for a vertical bar (max at the top), x for a horizontal one. */
  at: number;
  text: string;
}

export interface ColorbarLayout {
  bar: Rect;
  orientation: Orientation;
  ticks: ColorbarTick[];
  tickLength: number;
  /** Where tick labels start: x (left-aligned, vertical bar) or y (top of text, horizontal bar). */
  tickTextAt: number;
  /** The label's anchor: centred above a vertical bar, centred below a horizontal one; cut to the box's width with '…'. */
  label: { text: string; x: number; y: number } | null;
}

/**
 * The text cut to `width` pixels with an ellipsis (the longest prefix that fits, plus '…'); the text
 * itself when it fits, '' when not even '…' does.
 */
export function fitText(text: string, width: number, measure: (text: string) => number): string {
  if (measure(text) <= width) return text;
  // Binary search over prefix lengths: text widths grow with the prefix.
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid).trimEnd()}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  const cut = `${text.slice(0, lo).trimEnd()}…`;
  return measure(cut) <= width ? cut : '';
}

/** Ticks along a bar of `length` pixels whose labels do not collide (`size` is a label's extent). */
function fittingTicks(min: number, max: number, length: number, size: (text: string) => number, gap: number): ColorbarTick[] {
  const lo = Math.min(min, max), hi = Math.max(min, max);
  for (let count = Math.max(2, Math.floor(length / (gap * 2))); count >= 2; count--) {
    const values = niceTicks(lo, hi, count);
    const step = values.length > 1 ? values[1] - values[0] : niceTickStep(lo, hi, count);
    const texts = values.map((v) => formatTick(v, step));
    const room = values.length > 1 ? (length * (values[1] - values[0])) / (hi - lo || 1) : length;
    if (texts.every((t) => size(t) + gap <= room)) return values.map((value, i) => ({ value, at: 0, text: texts[i] }));
  }
  // Too small for two labels: show the ends only when they fit, else nothing.
  const ends = [lo, hi].map((value) => ({ value, at: 0, text: String(+value.toPrecision(3)) }));
  return lo !== hi && ends.every((t) => size(t.text) + gap <= length) ? ends : [];
}

/**
 * Where the bar, ticks and label go inside a box. A vertical bar keeps its label on top and tick labels
 * on the right; a horizontal one has tick labels below and the label under them. The bar is inset by
 * half a line so the end labels are not clipped.
 */
export function colorbarLayout(b: ColorbarBox): ColorbarLayout {
  const f = b.fontPx;
  const tickLength = Math.round(f * 0.4);
  const labelText = b.label.trim();
  if (b.orientation === 'vertical') {
    const top = b.y + (labelText ? f * 1.6 : f * 0.6);
    const bottom = b.y + b.height - f * 0.6;
    const thickness = Math.max(6, Math.min(24, b.width * 0.3));
    const bar = { x: b.x + 2, y: top, width: thickness, height: Math.max(0, bottom - top) };
    const ys = linearScale(b.min, b.max, bar.y + bar.height, bar.y);
    const ticks = fittingTicks(b.min, b.max, bar.height, () => f, f * 0.4).map((t) => ({ ...t, at: toPixel(ys, t.value) }));
    return {
      bar, orientation: 'vertical', ticks, tickLength, tickTextAt: bar.x + bar.width + tickLength + 2,
      label: labelText ? { text: fitText(labelText, b.width, b.measure), x: b.x + b.width / 2, y: b.y + f * 0.2 } : null,
    };
  }
  const thickness = Math.max(6, Math.min(20, b.height - f * (labelText ? 3 : 1.6)));
  const inset = Math.max(f * 0.5, Math.min(b.width / 6, b.measure(String(+b.max.toPrecision(3))) / 2 + 2));
  const bar = { x: b.x + inset, y: b.y + 2, width: Math.max(0, b.width - 2 * inset), height: thickness };
  const xs = linearScale(b.min, b.max, bar.x, bar.x + bar.width);
  const ticks = fittingTicks(b.min, b.max, bar.width, b.measure, f * 0.8).map((t) => ({ ...t, at: toPixel(xs, t.value) }));
  const tickTextAt = bar.y + bar.height + tickLength + 1;
  return {
    bar, orientation: 'horizontal', ticks, tickLength, tickTextAt,
    label: labelText ? { text: fitText(labelText, b.width, b.measure), x: bar.x + bar.width / 2, y: tickTextAt + f * 1.3 } : null,
  };
}
