import type { Axis } from '../../app/view/planes.js';
import { screenExtent } from '../../app/view/view-transform.js';
import type { AppState } from '../state/app-state.js';
import { ViewCell } from './view-cell.js';

/**
 * Lays the slice views out: one view, or an orthogonal arrangement with the volume view slot in the
 * last corner: Fiji's for microscopy (XY top left, YZ to its right, XZ below it), and for world data
 * coronal top left, sagittal to its right (sharing superior-inferior), axial below (sharing left-right).
 * Rows and columns are sized by the physical extents on screen, so at equal zoom the crosshair lines of
 * neighbouring views meet.
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
    const meta = this.state.volume?.meta;
    const { grid } = this.state.frame;
    // Grid cells fill in document order, two to a row.
    const order = [this.cells[grid.main].el, this.cells[grid.right].el, this.cells[grid.below].el, this.volumeSlot];
    if (order.some((el, i) => this.host.children[i] !== el)) this.host.prepend(...order);
    if (ortho && meta) {
      const fr = (n: number): string => `${Math.max(n, 1e-9)}fr`;
      const extent = (axis: Axis): { width: number; height: number } => screenExtent(this.cells[axis].geometry()!);
      const { width: w, height: h } = extent(grid.main);
      // The third axis runs across the view beside and down the view below. A thin stack (a few slices)
      // still gets usable views there: at least a fifth of the main view's size.
      const depth = Math.max(extent(grid.right).width, 0.2 * Math.max(w, h));
      this.host.style.gridTemplateColumns = `${fr(w)} ${fr(depth)}`;
      this.host.style.gridTemplateRows = `${fr(h)} ${fr(depth)}`;
    } else {
      this.host.style.gridTemplateColumns = ortho ? '1fr 1fr' : '1fr';
      this.host.style.gridTemplateRows = ortho ? '1fr 1fr' : '1fr';
    }
    for (const cell of Object.values(this.cells)) cell.requestRender();
  }
}
