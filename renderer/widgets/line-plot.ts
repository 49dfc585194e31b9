import { CanvasSurface } from './canvas-surface.js';
import { button, copyText, downloadText, el } from './dom.js';
import { axisTicks, drawAxes, widestLabel } from './draw-axes.js';
import { plotToCsv } from './logic/csv.js';
import { fileNameFor } from './logic/lut-library.js';
import { dataExtents, formatReadout, nearestPoint, paddedExtent, pointCount, stepPoint, type PlotData, type PlotSeries } from './logic/plot-data.js';
import { insetRect, plotScales, toPixel, type LinearScale, type Rect } from './logic/scale.js';
import { canvasTheme, type CanvasTheme } from './theme.js';

export type { PlotData, PlotSeries } from './logic/plot-data.js';

export interface LinePlotOptions {
  /** data-testid of the root; parts get "<testId>-readout", "-csv", "-copy", "-canvas". */
  testId?: string;
  /** CSV download name without extension. */
  fileName?: string;
  /** What the plot shows, for screen readers ("Spectrum at the cursor"). */
  ariaLabel?: string;
}

/** Hover readouts snap to a point within this many pixels of the pointer. */
const HOVER_RADIUS = 24;
/** Series with at most this many points also get dots, so a few-band spectrum shows its samples. */
const DOT_LIMIT = 64;

interface Geometry {
  rect: Rect;
  xs: LinearScale;
  ys: LinearScale;
}

/**
 * A line plot for spectra and line profiles: nice-tick axes with labels, an optional vertical marker
 * (the band on screen), a readout of the point nearest the pointer, and the data as CSV (download or
 * clipboard). Keyboard: ←/→ step the readout through the points, Esc clears it.
 */
export class LinePlot {
  readonly element: HTMLDivElement;
  private readonly surface: CanvasSurface;
  private readonly readout: HTMLSpanElement;
  private data: PlotData = { series: [], xLabel: '', yLabel: '' };
  private hover: { seriesIndex: number; index: number } | null = null;
  private geometry: Geometry | null = null;
  private readonly fileName: string;

  constructor(container: HTMLElement, options: LinePlotOptions = {}) {
    const id = options.testId ?? 'line-plot';
    this.fileName = options.fileName ?? 'plot';
    this.element = el('div', { className: 'vs-widget vs-line-plot' }, id);
    this.element.dataset.state = 'empty';
    this.readout = el('span', { className: 'vs-readout' }, `${id}-readout`);
    this.readout.setAttribute('aria-live', 'polite');
    const toolbar = el('div', { className: 'vs-toolbar' });
    toolbar.append(
      this.readout,
      button('CSV', 'Download the plotted data as CSV', `${id}-csv`, () => this.downloadCsv()),
      button('Copy', 'Copy the plotted data as CSV', `${id}-copy`, () => void this.copyCsv()),
    );
    const area = el('div', { className: 'vs-plot-area' });
    this.element.append(toolbar, area);
    container.append(this.element);

    this.surface = new CanvasSurface(area, (ctx, w, h) => this.draw(ctx, w, h));
    this.surface.canvas.setAttribute('role', 'img');
    this.surface.control(`${id}-canvas`, `${options.ariaLabel ?? 'Line plot'}. Left and right arrows step through the points.`, {
      pointermove: this.onPointerMove, pointerleave: this.onPointerLeave, keydown: this.onKeyDown,
    });
  }

  setData(data: PlotData | null): void {
    this.data = data ?? { series: [], xLabel: '', yLabel: '' };
    this.hover = null;
    this.element.dataset.state = dataExtents(this.data) ? 'ready' : 'empty';
    this.updateReadout();
    this.surface.requestDraw();
  }

  /** The plotted data as CSV, with a header from the axis labels. */
  toCsv(): string {
    return plotToCsv(this.data);
  }

  dispose(): void {
    this.surface.dispose();
    this.element.remove();
  }

  private downloadCsv(): void {
    downloadText(this.toCsv(), fileNameFor(this.fileName, 'csv'), 'text/csv');
  }

  private async copyCsv(): Promise<void> {
    const ok = await copyText(this.toCsv());
    this.readout.textContent = ok ? 'Copied to the clipboard' : 'Could not copy';
  }

  private readonly onPointerMove = (e: PointerEvent): void => {
    if (!this.geometry) return;
    const p = this.surface.pointerPosition(e);
    const hit = nearestPoint(this.data, this.geometry.xs, this.geometry.ys, p.x, p.y, HOVER_RADIUS);
    this.setHover(hit && { seriesIndex: hit.seriesIndex, index: hit.index });
  };

  private readonly onPointerLeave = (): void => this.setHover(null);

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    const dir = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (e.key === 'Escape') this.setHover(null);
    else if (dir && this.data.series.length > 0) {
      const seriesIndex = this.hover?.seriesIndex ?? 0;
      const s = this.data.series[seriesIndex];
      const from = this.hover ? this.hover.index : dir > 0 ? -1 : pointCount(s);
      const index = stepPoint(s, from, dir);
      if (index >= 0) this.setHover({ seriesIndex, index });
    } else return;
    e.preventDefault();
  };

  private setHover(h: { seriesIndex: number; index: number } | null): void {
    if (h?.seriesIndex === this.hover?.seriesIndex && h?.index === this.hover?.index) return;
    this.hover = h;
    this.updateReadout();
    this.surface.requestDraw();
  }

  private updateReadout(): void {
    const h = this.hover;
    if (!h) {
      this.readout.textContent = this.readout.title = '';
      return;
    }
    const s = this.data.series[h.seriesIndex];
    const name = this.data.series.length > 1 && s.name ? ` (${s.name})` : '';
    const label = (text: string, fallback: string): string => text || fallback;
    const text = `${label(this.data.xLabel, 'x')} ${formatReadout(s.x[h.index])}, ${label(this.data.yLabel, 'y')} ${formatReadout(s.y[h.index])}${name}`;
    this.readout.textContent = this.readout.title = text; // the title shows it whole where the panel is narrow
  }

  private draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = canvasTheme(this.element);
    ctx.font = theme.font;
    const extents = dataExtents(this.data);
    if (!extents) {
      this.geometry = null;
      ctx.fillStyle = theme.muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('No data', width / 2, height / 2);
      return;
    }
    const xe = paddedExtent(extents.x, false);
    const ye = paddedExtent(extents.y, true);
    const d = this.data;
    const yTicks = axisTicks(ye.min, ye.max, height, 28);
    const margins = {
      left: Math.ceil(widestLabel(ctx, yTicks)) + (d.yLabel ? 22 : 8),
      right: 12,
      top: d.marker != null && d.markerLabel ? 18 : 8,
      bottom: d.xLabel ? 32 : 18,
    };
    const rect = insetRect(width, height, margins);
    const { x: xs, y: ys } = plotScales(rect, [xe.min, xe.max], [ye.min, ye.max]);
    this.geometry = { rect, xs, ys };
    drawAxes(ctx, rect, theme, { scale: xs, ticks: axisTicks(xe.min, xe.max, rect.width, 70), label: d.xLabel }, { scale: ys, ticks: yTicks, label: d.yLabel });

    ctx.save();
    ctx.beginPath();
    ctx.rect(rect.x, rect.y - 1, rect.width, rect.height + 2);
    ctx.clip();
    for (const s of d.series) drawSeries(ctx, s, xs, ys);
    ctx.restore();
    this.drawMarker(ctx, theme);
    if (d.series.length > 1) drawLegend(ctx, d.series, rect, theme);
    this.drawHover(ctx, theme);
  }

  private drawMarker(ctx: CanvasRenderingContext2D, theme: CanvasTheme): void {
    const m = this.data.marker;
    const g = this.geometry;
    if (m == null || !Number.isFinite(m) || !g) return;
    const px = toPixel(g.xs, m);
    if (px < g.rect.x - 0.5 || px > g.rect.x + g.rect.width + 0.5) return;
    ctx.save();
    verticalLine(ctx, px, g.rect, theme.accent, [4, 3]);
    if (this.data.markerLabel) {
      ctx.fillStyle = theme.accent;
      ctx.font = theme.font;
      ctx.textBaseline = 'bottom';
      ctx.textAlign = px > g.rect.x + g.rect.width / 2 ? 'right' : 'left';
      ctx.fillText(this.data.markerLabel, px + (ctx.textAlign === 'left' ? 3 : -3), g.rect.y - 2);
    }
    ctx.restore();
  }

  private drawHover(ctx: CanvasRenderingContext2D, theme: CanvasTheme): void {
    const h = this.hover;
    const g = this.geometry;
    if (!h || !g) return;
    const s = this.data.series[h.seriesIndex];
    const px = toPixel(g.xs, s.x[h.index]);
    const py = toPixel(g.ys, s.y[h.index]);
    ctx.save();
    verticalLine(ctx, px, g.rect, theme.muted, [2, 3]);
    ctx.fillStyle = s.color;
    ctx.strokeStyle = theme.text;
    ctx.beginPath();
    ctx.arc(px, py, 4, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
  }
}

/** One polyline; a non-finite value breaks the line rather than drawing to zero. */
function drawSeries(ctx: CanvasRenderingContext2D, s: PlotSeries, xs: LinearScale, ys: LinearScale): void {
  const n = pointCount(s);
  ctx.strokeStyle = ctx.fillStyle = s.color;
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  let drawing = false;
  for (let i = 0; i < n; i++) {
    const x = s.x[i], y = s.y[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      drawing = false;
      continue;
    }
    if (drawing) ctx.lineTo(toPixel(xs, x), toPixel(ys, y));
    else ctx.moveTo(toPixel(xs, x), toPixel(ys, y));
    drawing = true;
  }
  ctx.stroke();
  if (n > DOT_LIMIT) return;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i])) continue;
    ctx.beginPath();
    ctx.arc(toPixel(xs, s.x[i]), toPixel(ys, s.y[i]), 2, 0, 2 * Math.PI);
    ctx.fill();
  }
}

function drawLegend(ctx: CanvasRenderingContext2D, series: PlotSeries[], rect: Rect, theme: CanvasTheme): void {
  ctx.save();
  ctx.font = theme.font;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  series.forEach((s, i) => {
    const y = rect.y + 8 + i * 14;
    const right = rect.x + rect.width - 6;
    ctx.fillStyle = theme.text;
    ctx.fillText(s.name, right - 16, y);
    ctx.fillStyle = s.color;
    ctx.fillRect(right - 12, y - 1, 12, 3);
  });
  ctx.restore();
}

/** A dashed vertical line across the plot area at x (pixel-snapped so it stays one pixel wide). */
function verticalLine(ctx: CanvasRenderingContext2D, x: number, rect: { y: number; height: number }, color: string, dash: number[]): void {
  ctx.strokeStyle = color;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(Math.round(x) + 0.5, rect.y);
  ctx.lineTo(Math.round(x) + 0.5, rect.y + rect.height);
  ctx.stroke();
  ctx.setLineDash([]);
}
