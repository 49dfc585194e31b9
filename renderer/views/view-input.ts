import { planeToVoxel, sliceCount, voxelToPlane, type Axis } from '../../app/view/planes.js';
import { pan, screenToPlane, zoomAt } from '../../app/view/view-transform.js';
import type { AppState, Shape } from '../state/app-state.js';
import { windowLevelDrag } from '../state/window-level.js';
import type { ViewCell } from './view-cell.js';

/**
 * Mouse handling of a slice view, with the conventions of 3D Slicer and Fiji:
 * - left click/drag: move the crosshair (navigate tool) or draw a line/rectangle/ellipse (measure tools);
 * - middle drag, or Alt/Space + left drag: pan;
 * - right drag: window/level of the current channel (horizontal = width, vertical = level);
 * - wheel: zoom around the cursor; Ctrl/Shift + wheel: previous/next slice; double click: fit.
 */
export function attachViewInput(cell: ViewCell, state: AppState): void {
  const el = cell.el;
  let space = false;
  window.addEventListener('keydown', (e) => { if (e.code === 'Space' && e.target === el) space = true; });
  window.addEventListener('keyup', (e) => { if (e.code === 'Space') space = false; });

  const local = (e: MouseEvent): { sx: number; sy: number } => {
    const r = el.getBoundingClientRect();
    return { sx: e.clientX - r.left, sy: e.clientY - r.top };
  };
  /** Continuous plane coordinates under the mouse, or null without a volume. */
  const planeAt = (e: MouseEvent): { col: number; row: number } | null => {
    const t = cell.currentTransform();
    const g = cell.geometry();
    if (!t || !g) return null;
    const { sx, sy } = local(e);
    return screenToPlane(t, g, sx, sy);
  };
  const voxelAt = (e: MouseEvent): { x: number; y: number; z: number } | null => {
    const p = planeAt(e);
    const g = cell.geometry();
    if (!p || !g || p.col < 0 || p.row < 0 || p.col >= g.size.width || p.row >= g.size.height) return null;
    return planeToVoxel(cell.axis, Math.floor(p.col), Math.floor(p.row), voxelToPlane(cell.axis, state.cursor).slice);
  };

  let drag: { kind: 'cross' | 'pan' | 'wl' | 'shape'; x: number; y: number; shape?: Shape } | null = null;

  el.addEventListener('contextmenu', (e) => e.preventDefault());
  el.addEventListener('pointerdown', (e) => {
    if (!state.volume) return;
    el.focus({ preventScroll: true });
    state.activeAxis = cell.axis;
    el.setPointerCapture(e.pointerId);
    const panning = e.button === 1 || (e.button === 0 && (e.altKey || space));
    if (panning) drag = { kind: 'pan', x: e.clientX, y: e.clientY };
    else if (e.button === 2) drag = { kind: 'wl', x: e.clientX, y: e.clientY };
    else if (e.button === 0 && state.tool !== 'navigate') {
      const p = planeAt(e);
      if (!p) return;
      const shape: Shape = { kind: state.tool, axis: cell.axis, x0: p.col, y0: p.row, x1: p.col, y1: p.row };
      drag = { kind: 'shape', x: e.clientX, y: e.clientY, shape };
    } else if (e.button === 0) {
      drag = { kind: 'cross', x: e.clientX, y: e.clientY };
      const v = voxelAt(e);
      if (v) state.setCursor(v);
    }
    e.preventDefault();
  });
  el.addEventListener('pointermove', (e) => {
    state.setHover(voxelAt(e));
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (drag.kind === 'pan') {
      const t = cell.currentTransform();
      if (t) cell.setTransform(pan(t, dx, dy));
    } else if (drag.kind === 'wl') {
      windowLevelDrag(state, dx, dy, false);
    } else if (drag.kind === 'shape' && drag.shape) {
      const p = planeAt(e);
      if (p) {
        drag.shape = { ...drag.shape, x1: p.col, y1: p.row };
        state.setShape(drag.shape, false);
      }
      return;
    } else {
      const v = voxelAt(e);
      if (v) state.setCursor(v);
    }
    drag.x = e.clientX;
    drag.y = e.clientY;
  });
  const end = (e: PointerEvent): void => {
    if (drag?.kind === 'wl') windowLevelDrag(state, e.clientX - drag.x, e.clientY - drag.y, true);
    if (drag?.kind === 'shape' && drag.shape) {
      const s = drag.shape;
      // A click without a drag clears the shape rather than leaving a zero-size one.
      state.setShape(Math.hypot(s.x1 - s.x0, s.y1 - s.y0) < 0.5 ? null : s);
    }
    drag = null;
  };
  el.addEventListener('pointerup', end);
  el.addEventListener('pointercancel', end);
  el.addEventListener('pointerleave', () => state.setHover(null));
  el.addEventListener('dblclick', () => cell.setTransform(null));
  el.addEventListener('wheel', (e) => {
    const meta = state.volume?.meta;
    if (!meta) return;
    e.preventDefault();
    state.activeAxis = cell.axis;
    if (e.ctrlKey || e.shiftKey || e.metaKey) {
      stepSlice(state, cell.axis, e.deltaY > 0 || e.deltaX > 0 ? 1 : -1);
      return;
    }
    const t = cell.currentTransform();
    if (!t) return;
    const { sx, sy } = local(e);
    // Line-mode wheels (Firefox) report lines, pixel-mode (Chromium) pixels: scale both to a gentle factor.
    const delta = e.deltaMode === 1 ? e.deltaY * 40 : e.deltaY;
    cell.setTransform(zoomAt(t, sx, sy, Math.exp(-delta * 0.0015)));
  }, { passive: false });
}

/** Moves the slice of a view by n (z in XY, y in XZ, x in YZ), staying inside the volume. */
export function stepSlice(state: AppState, axis: Axis, n: number): void {
  const d = state.volume?.meta.dims;
  if (!d) return;
  const p = voxelToPlane(axis, state.cursor);
  const slice = Math.max(0, Math.min(sliceCount(d, axis) - 1, p.slice + n));
  state.setCursor(planeToVoxel(axis, p.col, p.row, slice));
}
