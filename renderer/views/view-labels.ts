import type { EdgeLabels } from '../../app/view/view-frame.js';

const SIDES = ['left', 'right', 'top', 'bottom'] as const;

export interface ViewText {
  /** Lines for the upper left corner (plane and slice, time, loading, oblique note). */
  corner: string[];
  /** Anatomical letters on the edges, or null. */
  edges: EdgeLabels | null;
  /** Magnification for the upper right corner ('250%'), or ''. */
  zoom: string;
  /** The left/right convention for the lower left corner ('radiological'), or ''. */
  convention: string;
}

/**
 * The text drawn over a slice view, as DOM elements (crisp at any zoom, readable by tests and screen
 * readers). Every line is cut with an ellipsis when the view is too narrow and keeps its full text as
 * a tooltip.
 */
export class ViewLabels {
  private readonly corner = document.createElement('div');
  private readonly edges = {} as Record<(typeof SIDES)[number], HTMLSpanElement>;
  private readonly zoom = document.createElement('div');
  private readonly convention = document.createElement('div');

  constructor(host: HTMLElement) {
    this.corner.className = 'view-corner';
    this.zoom.className = 'view-zoom';
    this.zoom.title = 'Zoom: screen pixels per image pixel (+ − to zoom, 0 or a double click fits)';
    this.convention.className = 'view-convention';
    for (const side of SIDES) {
      const span = (this.edges[side] = document.createElement('span'));
      span.className = `orient orient-${side}`;
      span.dataset.side = side;
    }
    host.append(this.corner, ...Object.values(this.edges), this.zoom, this.convention);
  }

  update(t: ViewText | null): void {
    const lines = t?.corner.filter(Boolean) ?? [];
    const old = this.corner.children;
    if (old.length !== lines.length || lines.some((l, i) => old[i].textContent !== l)) {
      this.corner.replaceChildren(...lines.map((l) => {
        const div = document.createElement('div');
        div.className = 'view-corner-line';
        div.textContent = l;
        div.title = l;
        return div;
      }));
    }
    for (const side of SIDES) this.edges[side].textContent = t?.edges?.[side] ?? '';
    this.zoom.textContent = t?.zoom ?? '';
    this.convention.textContent = t?.convention ?? '';
    this.convention.title = t?.convention === 'radiological'
      ? "Radiological: the patient's right on the screen's left (View panel: left/right)"
      : t?.convention ? "Neurological: the patient's right on the screen's right (View panel: left/right)" : '';
  }
}
