import type { ScaleBar } from '../../app/view/scale-bar.js';

/**
 * The scale bar in a view's lower right corner (like Fiji's Scale Bar tool): a white bar of a round
 * physical length with its label above it. The length comes from app/view/scale-bar.
 */
export class ScaleBarOverlay {
  readonly el = document.createElement('div');
  private readonly bar = document.createElement('div');
  private readonly label = document.createElement('div');
  private shown = '';

  constructor(host: HTMLElement) {
    this.el.className = 'scale-bar';
    this.el.dataset.testid = 'scale-bar';
    this.bar.className = 'scale-bar-line';
    this.label.className = 'scale-bar-label';
    this.el.append(this.label, this.bar);
    this.el.hidden = true;
    host.append(this.el);
  }

  /** Shows `bar`, or hides the overlay for null. */
  update(bar: ScaleBar | null): void {
    const key = bar ? `${bar.px}|${bar.text}` : '';
    if (key === this.shown) return;
    this.shown = key;
    this.el.hidden = !bar;
    if (!bar) return;
    this.bar.style.width = `${bar.px}px`;
    this.label.textContent = bar.text;
    this.el.dataset.length = String(bar.length);
    this.el.dataset.px = String(bar.px);
  }
}
