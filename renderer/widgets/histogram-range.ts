import type { Histogram } from '../../app/lut/histogram.js';
import { CanvasSurface } from './canvas-surface.js';
import { el } from './dom.js';
import { axisTicks, drawAxes } from './draw-axes.js';
import { histogramAxis, histogramBars, histogramExtent, type CountScale } from './logic/histogram-bars.js';
import { formatReadout, type Extent } from './logic/plot-data.js';
import { dragRange, hoverGrip, jumpRange, minimumGap, nudgeRange, pressGrip, widenRange, type DisplayRange, type RangeDrag, type RangeGrip } from './logic/range-drag.js';
import { insetRect, linearScale, toPixel, toValue, valuePerPixel, type LinearScale, type Rect } from './logic/scale.js';
import { canvasTheme, withAlpha } from './theme.js';

export type RangeListener = (min: number, max: number, final: boolean) => void;
/** Display mapping: a data value → brightness 0..1 (linear, gamma, log…), drawn over the histogram. */
export type TransferCurve = (value: number) => number;

export interface HistogramRangeOptions {
  /** data-testid of the root (default "histogram-range"); parts get "-canvas", "-min", "-max", "-log", "-values". */
  testId?: string;
  logCounts?: boolean;
}

/** Handles are grabbed within this many pixels. */
const GRIP_TOLERANCE = 6;
/** Room at the sides so handles at the very ends of the axis are still visible and grabbable. */
const MARGINS = { left: 8, right: 8, top: 4, bottom: 18 };

/**
 * A histogram with the display range on it: bars (linear or log counts), two handles for min and max
 * with the window shaded between them, and the transfer curve on top. Dragging a handle moves it,
 * dragging the window moves both (window/level); a press outside the window jumps the nearer handle
 * there. Keyboard: each handle is a slider (←/→, Shift for ×10, Home/End to the data's ends); on the
 * plot itself ←/→ move the window and ↑/↓ narrow or widen it.
 */
export class HistogramRange {
  readonly element: HTMLDivElement;
  private readonly surface: CanvasSurface;
  private readonly handles: Record<'min' | 'max', HTMLDivElement>;
  private readonly logBox: HTMLInputElement;
  private readonly values: HTMLSpanElement;
  private histogram: Histogram | null = null;
  private current: DisplayRange = { min: 0, max: 1 };
  private curve: TransferCurve | null = null;
  private countScale: CountScale;
  private readonly listeners = new Set<RangeListener>();
  private drag: RangeDrag | null = null;
  /** The axis is held still while dragging: rescaling under the pointer would make the handle run away. */
  private frozenAxis: Extent | null = null;
  private rect: Rect = { x: 0, y: 0, width: 0, height: 0 };
  /** The range when the current drag began, to tell a drag that changed nothing. */
  private rangeAtPress: DisplayRange = { min: 0, max: 1 };
  /** A key changed the range and its final call is still due (on key-up). */
  private keyEdit = false;

  constructor(container: HTMLElement, options: HistogramRangeOptions = {}) {
    const id = options.testId ?? 'histogram-range';
    this.countScale = options.logCounts ? 'log' : 'linear';
    this.element = el('div', { className: 'vs-widget vs-histogram-range' }, id);
    this.values = el('span', { className: 'vs-readout' }, `${id}-values`);
    this.logBox = el('input', { type: 'checkbox', checked: this.countScale === 'log' }, `${id}-log`);
    this.logBox.addEventListener('change', this.onLogToggle);
    const logLabel = el('label', { className: 'vs-check', title: 'Log counts: show rare values next to common ones' });
    logLabel.append(this.logBox, ' log');
    const toolbar = el('div', { className: 'vs-toolbar' });
    toolbar.append(this.values, logLabel);
    const area = el('div', { className: 'vs-plot-area' });
    this.element.append(toolbar, area);
    container.append(this.element);

    this.surface = new CanvasSurface(area, (ctx, w, h) => this.draw(ctx, w, h));
    this.surface.control(`${id}-canvas`, 'Display window: left and right arrows move it, up and down arrows narrow or widen it', {
      pointerdown: this.onPointerDown, pointermove: this.onPointerMove, pointerup: this.onPointerUp, pointercancel: this.onPointerUp,
      keydown: this.onWindowKey, keyup: this.onKeyUp,
    });
    this.handles = { min: this.makeHandle(area, 'min', `${id}-min`), max: this.makeHandle(area, 'max', `${id}-max`) };
    this.updateText();
  }

  setHistogram(h: Histogram | null): void {
    this.histogram = h;
    // What is drawn, for tests and tools: the binned range and count, or 'none'.
    this.element.dataset.histogram = h ? `${h.lo}..${h.hi} (${h.total})` : 'none';
    this.surface.requestDraw();
  }

  /** Show a range set elsewhere; listeners are not called (they set it). */
  setRange(min: number, max: number): void {
    if (!Number.isFinite(min) || !Number.isFinite(max)) return;
    this.current = { min: Math.min(min, max), max: Math.max(min, max) };
    this.updateText();
    this.surface.requestDraw();
  }

  get range(): DisplayRange {
    return { ...this.current };
  }

  /** The transfer curve to draw; null draws a straight ramp from min to max. */
  setCurve(fn: TransferCurve | null): void {
    this.curve = fn;
    this.surface.requestDraw();
  }

  setLogCounts(on: boolean): void {
    this.countScale = on ? 'log' : 'linear';
    this.logBox.checked = on;
    this.surface.requestDraw();
  }

  /** Called while dragging (final = false) and once on release or key-up (final = true). Returns an unsubscribe. */
  onRangeChange(cb: RangeListener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  dispose(): void {
    this.logBox.removeEventListener('change', this.onLogToggle);
    for (const h of Object.values(this.handles)) {
      h.removeEventListener('keydown', this.onHandleKey);
      h.removeEventListener('keyup', this.onKeyUp);
    }
    this.listeners.clear();
    this.surface.dispose();
    this.element.remove();
  }

  private makeHandle(area: HTMLElement, grip: 'min' | 'max', testId: string): HTMLDivElement {
    // A focusable slider over the drawn handle: keyboard and screen readers get a real control,
    // while the pointer is handled by the canvas underneath (pointer-events: none).
    const h = el('div', { className: 'vs-range-handle', tabIndex: 0 }, testId);
    h.dataset.grip = grip;
    h.setAttribute('role', 'slider');
    h.setAttribute('aria-label', grip === 'min' ? 'Display minimum' : 'Display maximum');
    h.addEventListener('keydown', this.onHandleKey);
    h.addEventListener('keyup', this.onKeyUp);
    area.append(h);
    return h;
  }

  private axis(): Extent {
    return this.frozenAxis ?? histogramAxis(this.histogram, this.current);
  }

  private scale(): LinearScale {
    const a = this.axis();
    return linearScale(a.min, a.max, this.rect.x, this.rect.x + this.rect.width);
  }

  private gap(): number {
    const a = this.axis();
    return minimumGap(a.max - a.min);
  }

  private setCurrent(r: DisplayRange, final: boolean): void {
    this.current = r;
    this.updateText();
    this.surface.requestDraw();
    for (const cb of this.listeners) cb(r.min, r.max, final);
  }

  private updateText(): void {
    const { min, max } = this.current;
    this.values.textContent = `${formatReadout(min)} – ${formatReadout(max)}`;
    this.element.dataset.min = String(min);
    this.element.dataset.max = String(max);
  }

  private readonly onLogToggle = (): void => this.setLogCounts(this.logBox.checked);

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0 || this.rect.width <= 0) return;
    const xs = this.scale();
    const px = this.surface.pointerPosition(e).x;
    const minPx = toPixel(xs, this.current.min);
    const maxPx = toPixel(xs, this.current.max);
    const grip = pressGrip(px, minPx, maxPx, GRIP_TOLERANCE);
    const value = toValue(xs, px);
    this.frozenAxis = this.axis();
    this.rangeAtPress = { ...this.current };
    this.surface.canvas.setPointerCapture(e.pointerId);
    (grip === 'window' ? this.surface.canvas : this.handles[grip]).focus();
    e.preventDefault();
    // On a handle or in the window nothing moves until the pointer does; elsewhere the nearer handle jumps here.
    if (grip !== 'window' && hoverGrip(px, minPx, maxPx, GRIP_TOLERANCE) === null) this.setCurrent(jumpRange(this.current, grip, value, this.gap()), false);
    this.drag = { grip, startValue: value, start: { ...this.current } };
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    const px = this.surface.pointerPosition(e).x;
    const xs = this.scale();
    if (!this.drag) {
      const g = hoverGrip(px, toPixel(xs, this.current.min), toPixel(xs, this.current.max), GRIP_TOLERANCE);
      this.surface.canvas.style.cursor = g === 'window' ? 'grab' : g ? 'ew-resize' : 'pointer';
      return;
    }
    this.surface.canvas.style.cursor = this.drag.grip === 'window' ? 'grabbing' : 'ew-resize';
    this.setCurrent(dragRange(this.drag, toValue(xs, px), this.gap()), false);
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    if (!this.drag) return;
    const start = this.rangeAtPress;
    this.drag = null;
    this.frozenAxis = null;
    if (this.surface.canvas.hasPointerCapture(e.pointerId)) this.surface.canvas.releasePointerCapture(e.pointerId);
    // A click on a handle that moved nothing is not an edit; anything else ends with a final call.
    if (start.min !== this.current.min || start.max !== this.current.max) this.setCurrent(this.current, true);
    else this.surface.requestDraw(); // the axis may have been frozen wider than it now is
  };

  /** One pixel of the axis in value units: keyboard steps then look the same at any zoom. */
  private pixelStep(e: KeyboardEvent): number {
    return Math.abs(valuePerPixel(this.scale())) * (e.shiftKey ? 10 : 1) || this.gap();
  }

  private readonly onHandleKey = (e: KeyboardEvent): void => {
    const grip = (e.currentTarget as HTMLElement).dataset.grip as RangeGrip;
    const step = this.pixelStep(e);
    const data = this.histogram ? histogramExtent(this.histogram) : null;
    let next: DisplayRange | null = null;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') next = nudgeRange(this.current, grip, -step, this.gap());
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') next = nudgeRange(this.current, grip, step, this.gap());
    else if (e.key === 'PageDown') next = nudgeRange(this.current, grip, -10 * step, this.gap());
    else if (e.key === 'PageUp') next = nudgeRange(this.current, grip, 10 * step, this.gap());
    else if ((e.key === 'Home' || e.key === 'End') && data) {
      const target = e.key === 'Home' ? data.min : data.max;
      next = nudgeRange(this.current, grip, target - (grip === 'min' ? this.current.min : this.current.max), this.gap());
    }
    if (!next) return;
    e.preventDefault();
    this.keyEdit = true;
    this.setCurrent(next, false);
  };

  private readonly onWindowKey = (e: KeyboardEvent): void => {
    const step = this.pixelStep(e);
    let next: DisplayRange | null = null;
    if (e.key === 'ArrowLeft') next = nudgeRange(this.current, 'window', -step, this.gap());
    else if (e.key === 'ArrowRight') next = nudgeRange(this.current, 'window', step, this.gap());
    else if (e.key === 'ArrowUp') next = widenRange(this.current, -step, this.gap());
    else if (e.key === 'ArrowDown') next = widenRange(this.current, step, this.gap());
    if (!next) return;
    e.preventDefault();
    this.keyEdit = true;
    this.setCurrent(next, false);
  };

  /** Holding a key repeats keydown; the edit is final when the key comes back up. */
  private readonly onKeyUp = (): void => {
    if (!this.keyEdit) return;
    this.keyEdit = false;
    this.setCurrent(this.current, true);
  };

  private draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = canvasTheme(this.element);
    this.rect = insetRect(width, height, MARGINS);
    const r = this.rect;
    const xs = this.scale();
    const a = this.axis();
    const minPx = toPixel(xs, this.current.min);
    const maxPx = toPixel(xs, this.current.max);
    const bottom = r.y + r.height;

    ctx.fillStyle = withAlpha(theme.accent, 0.14);
    ctx.fillRect(minPx, r.y, maxPx - minPx, r.height);

    // Grid first: its lines would otherwise cut dark stripes through the bars.
    drawAxes(ctx, r, theme, { scale: xs, ticks: axisTicks(a.min, a.max, r.width, 70), label: '' }, null);
    if (this.histogram) {
      ctx.fillStyle = theme.muted;
      for (const b of histogramBars(this.histogram, xs, this.countScale)) {
        const h = b.height * r.height;
        ctx.fillRect(b.x, bottom - h, Math.max(1, b.width - (b.width > 3 ? 1 : 0)), h);
      }
    } else {
      ctx.fillStyle = theme.muted;
      ctx.font = theme.font;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('No histogram yet', r.x + r.width / 2, r.y + r.height / 2);
    }
    this.drawCurve(ctx, xs, theme.text);

    ctx.strokeStyle = ctx.fillStyle = theme.accent;
    ctx.lineWidth = 2;
    for (const px of [minPx, maxPx]) {
      ctx.beginPath();
      ctx.moveTo(px, r.y);
      ctx.lineTo(px, bottom);
      ctx.stroke();
      ctx.beginPath(); // a small grip at the bottom, easier to see than a bare line
      ctx.moveTo(px - 5, bottom);
      ctx.lineTo(px + 5, bottom);
      ctx.lineTo(px, bottom - 7);
      ctx.fill();
    }
    this.placeHandles(minPx, maxPx, a);
  }

  private drawCurve(ctx: CanvasRenderingContext2D, xs: LinearScale, color: string): void {
    const r = this.rect;
    const { min, max } = this.current;
    const f = this.curve ?? ((v: number) => (v - min) / (max - min));
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    let started = false;
    for (let px = r.x; px <= r.x + r.width; px++) {
      const y = f(toValue(xs, px));
      if (!Number.isFinite(y)) {
        started = false;
        continue;
      }
      const py = r.y + r.height * (1 - Math.min(1, Math.max(0, y)));
      if (started) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      started = true;
    }
    ctx.stroke();
    ctx.restore();
  }

  private placeHandles(minPx: number, maxPx: number, a: Extent): void {
    const r = this.rect;
    for (const [grip, px] of [['min', minPx], ['max', maxPx]] as const) {
      const h = this.handles[grip];
      Object.assign(h.style, { left: `${px}px`, top: `${r.y}px`, height: `${r.height}px` });
      const value = this.current[grip];
      h.setAttribute('aria-valuemin', String(a.min));
      h.setAttribute('aria-valuemax', String(a.max));
      h.setAttribute('aria-valuenow', String(value));
      h.setAttribute('aria-valuetext', formatReadout(value));
    }
  }
}
