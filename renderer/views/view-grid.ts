import type { Axis } from '../../app/view/planes.js';
import type { AppState } from '../state/app-state.js';
import { ViewCell } from './view-cell.js';

/**
 * Lays the slice views out: one view, or Fiji's orthogonal arrangement (XY top left, YZ to its right,
 * XZ below it, the volume view slot in the last corner). Rows and columns are sized by the physical
 * extents, so at equal zoom the crosshair lines of neighbouring views meet.
 */
export class ViewGrid {
  readonly cells: Record<Axis, ViewCell>;
  private readonly volumeSlot: HTMLDivElement;

  constructor(private readonly host: HTMLElement, private readonly state: AppState) {
    host.classList.add('view-grid');
    this.cells = { xy: new ViewCell('xy', state), xz: new ViewCell('xz', state), yz: new ViewCell('yz', state) };
    this.volumeSlot = document.createElement('div');
    this.volumeSlot.className = 'volume-slot';
    this.volumeSlot.dataset.view = 'volume';
    this.volumeSlot.textContent = 'Volume view';
    host.prepend(this.cells.xy.el, this.cells.yz.el, this.cells.xz.el, this.volumeSlot);
    state.on('layout', () => this.apply());
    state.on('volume', () => this.apply());
    this.apply();
  }

  /** The cell the keyboard acts on: the active one if shown, else the single view. */
  activeCell(): ViewCell {
    const l = this.state.layout;
    if (l.kind === 'single') return this.cells[l.axis];
    return this.cells[this.state.activeAxis];
  }

  private apply(): void {
    const l = this.state.layout;
    const ortho = l.kind === 'ortho';
    this.host.dataset.layout = ortho ? 'ortho' : `single-${l.axis}`;
    for (const cell of Object.values(this.cells)) cell.el.hidden = !ortho && cell.axis !== l.axis;
    this.volumeSlot.hidden = !ortho;
    const meta = this.state.volume?.info.meta;
    if (ortho && meta) {
      const { dims: d, spacing: s } = meta;
      const fr = (n: number): string => `${Math.max(n, 1e-9)}fr`;
      const w = d.x * s.x;
      const h = d.y * s.y;
      // A thin stack (a few slices) still gets usable XZ/YZ views: at least a fifth of the XY size.
      const depth = Math.max(d.z * s.z, 0.2 * Math.max(w, h));
      this.host.style.gridTemplateColumns = `${fr(w)} ${fr(depth)}`;
      this.host.style.gridTemplateRows = `${fr(h)} ${fr(depth)}`;
    } else {
      this.host.style.gridTemplateColumns = ortho ? '1fr 1fr' : '1fr';
      this.host.style.gridTemplateRows = ortho ? '1fr 1fr' : '1fr';
    }
    for (const cell of Object.values(this.cells)) cell.requestRender();
  }
}
