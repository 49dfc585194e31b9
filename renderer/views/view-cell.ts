import { finestSpacing, planePixelSize, planeSize, sliceCount, voxelToPlane, type Axis } from '../../app/view/planes.js';
import { scaleBar } from '../../app/view/scale-bar.js';
import { planeNormalTo, type PlaneDisplay } from '../../app/view/view-frame.js';
import {
  fitTransform, formatZoom, planeOnScreen, planeToScreenMatrix, zoomAt, zoomLevel, type PlaneOnScreen, type ViewTransform,
} from '../../app/view/view-transform.js';
import type { AppState } from '../state/app-state.js';
import { beginWork, countRender } from '../state/settle.js';
import { PlaneCompositor } from './compositor.js';
import { SplitDivider } from './split-divider.js';
import { drawOverlay, planeColor } from './overlay.js';
import { PlaneLayer } from './plane-layer.js';
import { ScaleBarOverlay } from './scale-bar.js';
import { attachViewInput } from './view-input.js';
import { ViewLabels } from './view-labels.js';

/**
 * One slice view: a three.js canvas with the composited plane, a 2D overlay on top, and the mouse
 * handling of the view. It only reads state and writes state; it knows no panel.
 */
export class ViewCell {
  readonly el: HTMLDivElement;
  readonly glCanvas: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly layer: PlaneLayer;
  private readonly labels: ViewLabels;
  private readonly scaleBar: ScaleBarOverlay;
  private readonly compositor: PlaneCompositor;
  /** null: fitted to the view (follows resizes); set once the user zooms or pans. */
  private transform: ViewTransform | null = null;
  private frame = 0;
  private releaseWork: (() => void) | null = null;
  /** Milliseconds the last draw took (compose + upload + render), for the benchmarks. */
  lastDrawMs = 0;
  /** The last draw showed every channel it was to show (so more planes arriving cannot change it). */
  private complete = false;
  private readonly split: SplitDivider;

  constructor(readonly axis: Axis, private readonly state: AppState) {
    this.el = document.createElement('div');
    this.el.className = 'view-cell';
    this.el.dataset.view = axis;
    this.el.tabIndex = -1;
    this.glCanvas = document.createElement('canvas');
    this.glCanvas.id = axis === 'xy' ? 'slice-canvas' : `slice-canvas-${axis}`;
    this.glCanvas.setAttribute('aria-label', `${axis.toUpperCase()} slice view`);
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'view-overlay';
    this.el.append(this.glCanvas, this.overlay);
    this.split = new SplitDivider(this.el, state, () => ({ t: this.currentTransform(), g: this.geometry() }));
    this.labels = new ViewLabels(this.el);
    this.scaleBar = new ScaleBarOverlay(this.el);
    this.layer = new PlaneLayer(this.glCanvas);
    this.compositor = new PlaneCompositor(axis);
    new ResizeObserver(() => this.requestRender()).observe(this.el);
    for (const ev of ['cursor', 'display', 'layout', 'shape', 'layers', 'pipeline', 'preview'] as const) state.on(ev, () => this.requestRender());
    // Arriving planes change nothing in a view whose channels are all drawn already (while a large
    // file streams in, that would be a redraw and texture upload every frame for the same pixels).
    state.on('planes', () => {
      if (!this.complete) this.requestRender();
    });
    state.on('volume', () => {
      this.transform = null;
      this.namePlane();
      this.requestRender();
    });
    // A new left/right convention turns the planes: the old zoom and pan no longer fit them.
    let convention = state.layout.convention;
    state.on('layout', (l) => {
      if (l.convention !== convention) this.transform = null;
      convention = l.convention;
    });
    this.namePlane();
    attachViewInput(this, state);
  }

  get visible(): boolean {
    return !this.el.hidden && this.el.clientWidth > 0;
  }

  /** The current transform (the fitted one until the user zooms or pans). */
  currentTransform(): ViewTransform | null {
    const g = this.geometry();
    if (!g) return null;
    return this.transform ?? fitTransform(this.el.clientWidth, this.el.clientHeight, g);
  }

  /** Zooms around the centre of the view (keyboard + and -). */
  zoomCentered(factor: number): void {
    const t = this.currentTransform();
    if (t) this.setTransform(zoomAt(t, this.el.clientWidth / 2, this.el.clientHeight / 2, factor));
  }

  setTransform(t: ViewTransform | null): void {
    this.transform = t;
    this.requestRender();
  }

  /** How this view's plane lies on screen (turned anatomically for world data), or null without a volume. */
  geometry(): PlaneOnScreen | null {
    const meta = this.state.volume?.meta;
    if (!meta) return null;
    return planeOnScreen(planeSize(meta.dims, this.axis), planePixelSize(meta.spacing, this.axis), this.display());
  }

  /** data-plane="axial|coronal|sagittal" beside data-view for world data (DESIGN.md's UI hooks), and the plane's colour. */
  private namePlane(): void {
    this.el.style.setProperty('--axis-color', planeColor(this.state.frame, this.axis));
    const plane = this.state.volume ? this.display().plane : null;
    if (plane) this.el.dataset.plane = plane;
    else delete this.el.dataset.plane;
  }

  private display(): PlaneDisplay {
    return this.state.frame.views[this.axis];
  }

  /**
   * Redraws on the next animation frame (several changes in one frame draw once). A hidden view does
   * not: the grid asks every view to redraw when it shows them.
   */
  requestRender(): void {
    if (this.frame || this.el.hidden) return;
    this.releaseWork ??= beginWork();
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      // A parameter was changed and this view's new preview is about to land: the picture stays until
      // it does (drawing the original in between cost a frame, and its GPU work slowed the preview).
      if (!this.state.previewSource?.holding?.(this.axis)) {
        this.draw();
        countRender();
      }
      const release = this.releaseWork;
      this.releaseWork = null;
      release?.();
    });
  }

  private draw(): void {
    this.complete = false;
    if (!this.visible) return;
    const t0 = performance.now();
    const vol = this.state.volume;
    const g = this.geometry();
    const frame = this.state.frame;
    if (!vol || !g) {
      this.layer.draw(null, null, false);
      drawOverlay(this.overlay, null);
      this.labels.update(null);
      this.scaleBar.update(null);
      return;
    }
    const cur = this.state.cursor;
    const p = voxelToPlane(this.axis, cur);
    const slice = p.slice;
    const { drawn, whole, computing } = this.compositor.compose(vol, this.state, slice);
    // Complete: every channel drawn whole, so more planes arriving cannot change the picture.
    this.complete = whole && drawn === this.state.drawnChannels().length;
    const t = this.currentTransform()!;
    const linear = this.state.layout.interpolation === 'linear';
    const rgba = { rgba: this.compositor.rgba, width: this.compositor.width, height: this.compositor.height };
    this.layer.draw(drawn ? rgba : null, planeToScreenMatrix(t, g), linear);
    this.split.update(this.state.previewSource?.active && this.state.pipeline.preview === 'split' ? this.state.pipeline.split : null, t, g);
    const meta = vol.meta;
    const ortho = this.state.layout.kind === 'ortho';
    const display = this.display();
    drawOverlay(this.overlay, {
      axis: this.axis, transform: t, plane: g,
      // The vertical line is the plane whose normal runs along the screen's x, the horizontal one along its y.
      crosshair: ortho ? {
        col: p.col + 0.5, row: p.row + 0.5,
        vertical: planeColor(frame, planeNormalTo(display.right.voxel)), horizontal: planeColor(frame, planeNormalTo(display.down.voxel)),
      } : null,
      shape: this.state.shape,
    });
    const title = display.plane ? display.plane[0].toUpperCase() + display.plane.slice(1) : this.axis.toUpperCase();
    const corner = [`${title}  ${normalName(this.axis)} ${slice + 1}/${sliceCount(meta.dims, this.axis)}`];
    if (meta.dims.t > 1) corner.push(`t ${cur.t + 1}/${meta.dims.t}${timeStamp(cur.t, meta.spacing.t, meta.timeUnit)}`);
    if (meta.dims.c > 1 && this.state.display.mode === 'single') {
      const name = meta.channels[cur.c]?.name;
      corner.push(`c ${cur.c + 1}/${meta.dims.c}${name ? `  ${name}` : ''}`);
    }
    // Planes missing from the picture: still coming, or never coming (the load stopped short).
    if (!this.complete) corner.push(vol.loading ? 'loading…' : drawn ? 'part not read' : 'not read');
    if (frame.oblique) corner.push('oblique: nearest plane shown');
    const preview = this.state.previewSource;
    if (this.state.pipeline.preview !== 'off' && preview) {
      if (preview.error) corner.push(`preview: ${preview.error}`);
      else if (preview.active) corner.push(computing ? 'preview: computing…' : `preview: ${this.state.pipeline.preview === 'split' ? 'split (original | filtered)' : 'filtered'}`);
    }
    this.labels.update({
      corner, edges: frame.labels?.[this.axis] ?? null, zoom: formatZoom(zoomLevel(t, finestSpacing(meta.dims, meta.spacing))),
      convention: frame.anatomical ? frame.convention : '',
    });
    this.scaleBar.update(this.state.layout.scaleBar ? scaleBar(t.scale, this.el.clientWidth, meta.unit) : null);
    this.lastDrawMs = performance.now() - t0;
  }
}

function normalName(axis: Axis): string {
  return axis === 'xy' ? 'z' : axis === 'xz' ? 'y' : 'x';
}

function timeStamp(t: number, dt: number, unit: string): string {
  if (!unit && dt === 1) return '';
  return ` (${+(t * dt).toPrecision(6)} ${unit || 'frames'})`;
}
