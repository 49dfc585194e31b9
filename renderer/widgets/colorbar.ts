import { CanvasSurface } from './canvas-surface.js';
import { renderColorbar } from './colorbar-render.js';
import { el } from './dom.js';
import type { Orientation } from './logic/colorbar-layout.js';
import { canvasTheme } from './theme.js';

export { renderColorbar, fillTable, type ColorbarStyle, type Ctx2D } from './colorbar-render.js';
export type { Orientation } from './logic/colorbar-layout.js';

export interface ColorbarOptions {
  orientation?: Orientation;
  /** data-testid of the root (default "colorbar"); the canvas gets "<testId>-canvas". */
  testId?: string;
}

/**
 * A colorbar for a LUT and display range beside a view. Drawing goes through renderColorbar(), the same
 * function a figure export uses, so what is on screen is what gets exported.
 */
export class Colorbar {
  readonly element: HTMLDivElement;
  private readonly surface: CanvasSurface;
  private readonly orientation: Orientation;
  private table: Uint8Array | null = null;
  private min = 0;
  private max = 1;
  private label = '';

  constructor(container: HTMLElement, options: ColorbarOptions = {}) {
    this.orientation = options.orientation ?? 'vertical';
    const id = options.testId ?? 'colorbar';
    this.element = el('div', { className: `vs-widget vs-colorbar vs-colorbar-${this.orientation}` }, id);
    container.append(this.element);
    this.surface = new CanvasSurface(this.element, (ctx, w, h) => this.paint(ctx, w, h));
    this.surface.canvas.dataset.testid = `${id}-canvas`;
    this.surface.canvas.setAttribute('role', 'img');
  }

  /** Show `table` (256 RGB entries, 768 bytes) for values min..max, with a unit or label. */
  draw(table: Uint8Array, min: number, max: number, label = ''): void {
    if (table.length !== 768) throw new RangeError(`a LUT table has 768 bytes, not ${table.length}`);
    this.table = table;
    this.min = min;
    this.max = max;
    this.label = label;
    // The numbers are also data attributes and in the accessible name, for tests and screen readers.
    Object.assign(this.element.dataset, { min: String(min), max: String(max), label });
    // A long label is cut with an ellipsis on the bar; the whole of it is the tooltip.
    this.element.title = label;
    this.surface.canvas.setAttribute('aria-label', `Colorbar from ${min} to ${max}${label ? ` ${label}` : ''}`);
    this.surface.requestDraw();
  }

  dispose(): void {
    this.surface.dispose();
    this.element.remove();
  }

  private paint(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    if (!this.table) return;
    const theme = canvasTheme(this.element);
    renderColorbar(ctx, this.table, this.min, this.max, { x: 0, y: 0, width, height }, {
      orientation: this.orientation, label: this.label, fontPx: 11, textColor: theme.text, lineColor: theme.muted,
    });
  }
}
