import type { Axis } from '../../app/view/planes.js';
import type { ViewFrame } from '../../app/view/view-frame.js';
import { planeToScreen, type PlaneOnScreen, type ViewTransform } from '../../app/view/view-transform.js';
import type { Shape } from '../state/app-state.js';

/** The colour that stands for each plane: its view's frame and its line in the other views. */
const AXIS_COLORS: Record<Axis, string> = { xy: '#4da3ff', xz: '#5fd35f', yz: '#ff6b6b' };
/** World data is coloured by anatomy, so every storage order looks the same: the colours of RAS storage. */
const PLANE_COLORS = { axial: AXIS_COLORS.xy, coronal: AXIS_COLORS.xz, sagittal: AXIS_COLORS.yz };

export function planeColor(frame: ViewFrame, axis: Axis): string {
  const plane = frame.views[axis].plane;
  return plane ? PLANE_COLORS[plane] : AXIS_COLORS[axis];
}

export interface OverlayScene {
  axis: Axis;
  transform: ViewTransform;
  plane: PlaneOnScreen;
  /** Crosshair in plane pixel coordinates (centre of the voxel), and the colours of the planes its lines stand for. */
  crosshair: { col: number; row: number; vertical: string; horizontal: string } | null;
  shape: Shape | null;
}

/**
 * Draws the crosshair and the drawn shape over the image (text labels are DOM elements, see ViewLabels).
 * With nothing to draw (a single view without a shape) the canvas is taken out of the layout: even
 * fully transparent, a view-sized canvas costs the compositor a blended layer in every frame (in
 * SwiftShader, a quarter of the playback frame rate). It is cleared and redrawn when shown again.
 */
export function drawOverlay(canvas: HTMLCanvasElement, s: OverlayScene | null): void {
  const empty = !s || (!s.crosshair && !(s.shape && s.shape.axis === s.axis));
  const display = empty ? 'none' : '';
  if (canvas.style.display !== display) canvas.style.display = display;
  if (!s || empty) return;
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const at = (col: number, row: number): { sx: number; sy: number } => planeToScreen(s.transform, s.plane, col, row);
  if (s.crosshair) {
    const p = at(s.crosshair.col, s.crosshair.row);
    const tl = at(0, 0);
    const br = at(s.plane.size.width, s.plane.size.height);
    ctx.lineWidth = 1;
    line(ctx, s.crosshair.vertical, p.sx, tl.sy, p.sx, br.sy);
    line(ctx, s.crosshair.horizontal, tl.sx, p.sy, br.sx, p.sy);
  }
  if (s.shape && s.shape.axis === s.axis) drawShape(ctx, s.shape, at);
}

function line(ctx: CanvasRenderingContext2D, color: string, x0: number, y0: number, x1: number, y1: number): void {
  ctx.strokeStyle = color;
  ctx.beginPath();
  ctx.moveTo(Math.round(x0) + 0.5, Math.round(y0) + 0.5);
  ctx.lineTo(Math.round(x1) + 0.5, Math.round(y1) + 0.5);
  ctx.stroke();
}

function drawShape(ctx: CanvasRenderingContext2D, s: Shape, at: (c: number, r: number) => { sx: number; sy: number }): void {
  const a = at(s.x0, s.y0);
  const b = at(s.x1, s.y1);
  ctx.strokeStyle = '#ffd84d';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  if (s.kind === 'line') {
    ctx.moveTo(a.sx, a.sy);
    ctx.lineTo(b.sx, b.sy);
  } else if (s.kind === 'rect') {
    // Flips and transposes keep rectangles and ellipses axis-aligned: two corners still describe them.
    ctx.rect(Math.min(a.sx, b.sx), Math.min(a.sy, b.sy), Math.abs(b.sx - a.sx), Math.abs(b.sy - a.sy));
  } else {
    ctx.ellipse((a.sx + b.sx) / 2, (a.sy + b.sy) / 2, Math.abs(b.sx - a.sx) / 2, Math.abs(b.sy - a.sy) / 2, 0, 0, 2 * Math.PI);
  }
  ctx.stroke();
}
