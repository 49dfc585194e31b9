import { formatTick, niceTickStep, niceTicks } from '../../app/lut/ticks.js';
import { toPixel, type LinearScale, type Rect } from './logic/scale.js';
import type { CanvasTheme } from './theme.js';

/** One axis's ticks: values, the step between them and their labels. */
export interface AxisTicks {
  values: number[];
  labels: string[];
}

/** Ticks for `lengthPx` pixels of axis, about one per `spacingPx`. */
export function axisTicks(min: number, max: number, lengthPx: number, spacingPx: number): AxisTicks {
  const count = Math.max(2, Math.floor(lengthPx / spacingPx));
  const values = niceTicks(min, max, count);
  const step = values.length > 1 ? values[1] - values[0] : niceTickStep(min, max, count);
  return { values, labels: values.map((v) => formatTick(v, step)) };
}

/** The widest tick label, to size the left margin for a y axis. */
export function widestLabel(ctx: CanvasRenderingContext2D, t: AxisTicks): number {
  return t.labels.reduce((w, s) => Math.max(w, ctx.measureText(s).width), 0);
}

/**
 * Grid lines, tick labels and axis labels around a plot rectangle: x along the bottom, y (if any) along
 * the left with its label turned on its side.
 */
export function drawAxes(
  ctx: CanvasRenderingContext2D, rect: Rect, theme: CanvasTheme,
  x: { scale: LinearScale; ticks: AxisTicks; label: string },
  y: { scale: LinearScale; ticks: AxisTicks; label: string } | null,
): void {
  ctx.save();
  ctx.font = theme.font;
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.line;
  ctx.fillStyle = theme.muted;
  const bottom = rect.y + rect.height;
  // Grid lines on half pixels so one CSS pixel stays one crisp line.
  ctx.beginPath();
  x.ticks.values.forEach((v) => {
    const px = Math.round(toPixel(x.scale, v)) + 0.5;
    ctx.moveTo(px, rect.y);
    ctx.lineTo(px, bottom);
  });
  y?.ticks.values.forEach((v) => {
    const py = Math.round(toPixel(y.scale, v)) + 0.5;
    ctx.moveTo(rect.x, py);
    ctx.lineTo(rect.x + rect.width, py);
  });
  ctx.stroke();
  ctx.strokeStyle = theme.muted;
  ctx.beginPath();
  ctx.moveTo(rect.x, Math.round(bottom) + 0.5);
  ctx.lineTo(rect.x + rect.width, Math.round(bottom) + 0.5);
  if (y) {
    ctx.moveTo(Math.round(rect.x) + 0.5, rect.y);
    ctx.lineTo(Math.round(rect.x) + 0.5, bottom);
  }
  ctx.stroke();

  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  // Labels at the very ends are pulled inwards rather than cut off by the canvas edge.
  const canvasWidth = ctx.canvas.width / (ctx.getTransform().a || 1);
  x.ticks.values.forEach((v, i) => {
    const half = ctx.measureText(x.ticks.labels[i]).width / 2;
    const at = Math.min(canvasWidth - half - 1, Math.max(half + 1, toPixel(x.scale, v)));
    ctx.fillText(x.ticks.labels[i], at, bottom + 3);
  });
  if (x.label) {
    ctx.fillStyle = theme.text;
    ctx.fillText(x.label, rect.x + rect.width / 2, bottom + 16);
  }
  if (y) {
    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    y.ticks.values.forEach((v, i) => ctx.fillText(y.ticks.labels[i], rect.x - 4, toPixel(y.scale, v)));
    if (y.label) {
      ctx.fillStyle = theme.text;
      ctx.translate(4, rect.y + rect.height / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(y.label, 0, 0);
    }
  }
  ctx.restore();
}
