import { colorbarLayout, type Orientation } from './logic/colorbar-layout.js';
import type { Rect } from './logic/scale.js';

/** Both canvas kinds draw the same way, so figure export can render a colorbar off screen. */
export type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Paint a 256-entry RGB table (768 bytes) into a rectangle: entry 0 at the left or bottom. One rectangle
 * per entry, each overlapping the next by a fraction of a pixel so no seams show when scaled.
 */
export function fillTable(ctx: Ctx2D, table: Uint8Array, r: Rect, orientation: Orientation): void {
  const n = Math.floor(table.length / 3);
  if (n === 0) return;
  const along = orientation === 'vertical' ? r.height : r.width;
  const size = along / n;
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = `rgb(${table[3 * i]},${table[3 * i + 1]},${table[3 * i + 2]})`;
    if (orientation === 'vertical') ctx.fillRect(r.x, r.y + r.height - (i + 1) * size, r.width, size + 0.5);
    else ctx.fillRect(r.x + i * size, r.y, size + 0.5, r.height);
  }
}

export interface ColorbarStyle {
  orientation: Orientation;
  /** Unit or quantity ("µm", "counts"); empty for none. */
  label: string;
  fontPx?: number;
  fontFamily?: string;
  textColor?: string;
  /** Frame and tick colour. */
  lineColor?: string;
}

/**
 * Draw a colorbar (gradient, frame, nice ticks with labels, and the label) into `box` of any 2D context.
 * It is pure drawing: no DOM lookups, so it works the same on screen and on an OffscreenCanvas.
 */
export function renderColorbar(ctx: Ctx2D, table: Uint8Array, min: number, max: number, box: Rect, style: ColorbarStyle): void {
  const fontPx = style.fontPx ?? 11;
  const textColor = style.textColor ?? '#d8dde3';
  ctx.save();
  ctx.font = `${fontPx}px ${style.fontFamily ?? 'system-ui, sans-serif'}`;
  const layout = colorbarLayout({ ...box, orientation: style.orientation, min, max, label: style.label, fontPx, measure: (s) => ctx.measureText(s).width });
  const bar = layout.bar;
  fillTable(ctx, table, bar, style.orientation);
  ctx.strokeStyle = style.lineColor ?? '#8a939c';
  ctx.lineWidth = 1;
  ctx.strokeRect(Math.round(bar.x) + 0.5, Math.round(bar.y) + 0.5, Math.round(bar.width) - 1, Math.round(bar.height) - 1);
  ctx.fillStyle = textColor;
  ctx.beginPath();
  if (layout.orientation === 'vertical') {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const t of layout.ticks) {
      const y = Math.round(t.at) + 0.5;
      ctx.moveTo(bar.x + bar.width, y);
      ctx.lineTo(bar.x + bar.width + layout.tickLength, y);
      ctx.fillText(t.text, layout.tickTextAt, t.at);
    }
  } else {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of layout.ticks) {
      const x = Math.round(t.at) + 0.5;
      ctx.moveTo(x, bar.y + bar.height);
      ctx.lineTo(x, bar.y + bar.height + layout.tickLength);
      ctx.fillText(t.text, t.at, layout.tickTextAt);
    }
  }
  ctx.stroke();
  if (layout.label) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(layout.label.text, layout.label.x, layout.label.y);
  }
  ctx.restore();
}
