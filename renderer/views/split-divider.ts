import { planeToScreen, screenToPlane, type PlaneOnScreen, type ViewTransform } from '../../app/view/view-transform.js';
import type { AppState } from '../state/app-state.js';

/**
 * The split view's divider: original on one side, the pipeline's result on the other. It sits on a
 * column of the plane (the preview replaces the columns from there on), drawn as a handle the user
 * drags along the view.
 */
export class SplitDivider {
  private readonly handle = document.createElement('div');

  constructor(host: HTMLElement, state: AppState, geometry: () => { t: ViewTransform | null; g: PlaneOnScreen | null }) {
    this.handle.className = 'split-divider';
    this.handle.dataset.testid = 'split-divider';
    this.handle.title = 'Drag: original on one side, filtered on the other';
    this.handle.hidden = true;
    host.append(this.handle);
    this.handle.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      e.stopPropagation();
      this.handle.setPointerCapture(e.pointerId);
      const move = (ev: PointerEvent): void => {
        const { t, g } = geometry();
        if (!t || !g) return;
        const r = host.getBoundingClientRect();
        const { col } = screenToPlane(t, g, ev.clientX - r.left, ev.clientY - r.top);
        state.setPipeline({ split: col / g.size.width });
      };
      const up = (): void => {
        this.handle.removeEventListener('pointermove', move);
        this.handle.removeEventListener('pointerup', up);
      };
      this.handle.addEventListener('pointermove', move);
      this.handle.addEventListener('pointerup', up);
    });
  }

  /** Shows the handle at `fraction` of the plane's columns (null hides it). */
  update(fraction: number | null, t: ViewTransform, g: PlaneOnScreen): void {
    this.handle.hidden = fraction === null;
    if (fraction === null) return;
    const col = fraction * g.size.width;
    const a = planeToScreen(t, g, col, 0);
    const b = planeToScreen(t, g, col, g.size.height);
    // Columns lie along the screen's y or, on a transposed plane, its x.
    const vertical = Math.abs(a.sx - b.sx) < Math.abs(a.sy - b.sy);
    Object.assign(this.handle.style, vertical
      ? { left: `${a.sx - 3}px`, top: `${Math.min(a.sy, b.sy)}px`, width: '6px', height: `${Math.abs(b.sy - a.sy)}px`, cursor: 'ew-resize' }
      : { left: `${Math.min(a.sx, b.sx)}px`, top: `${a.sy - 3}px`, width: `${Math.abs(b.sx - a.sx)}px`, height: '6px', cursor: 'ns-resize' });
  }
}
