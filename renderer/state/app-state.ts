import type { DisplayMapping } from '../../app/lut/display-mapping.js';
import { valueMapping, type ValueMapping } from '../../app/model/calibration.js';
import type { ChannelDisplay, DisplayState } from '../../app/model/display.js';
import type { PipelineStep } from '../../app/filters/pipeline.js';
import type { ResultRow } from '../../app/measure/results.js';
import { arrivedSlice, type Axis } from '../../app/view/planes.js';
import { hasPhysicalUnit } from '../../app/view/scale-bar.js';
import { openingVoxel, viewFrame, worldAffine, type Convention, type ViewFrame } from '../../app/view/view-frame.js';
import { Emitter } from './emitter.js';
import { newLayerId, type ChannelStats, type Layer } from './layers.js';
import type { PreviewSource } from './preview-source.js';
import type { VolumeData } from './volume-data.js';

/** Long work under way (a load, an Apply): the status bar shows it with a Cancel button. */
export interface LoadProgress {
  /** 0..1 */
  fraction: number;
  text: string;
  cancel(): void;
}

/** Where we look: the crosshair voxel (x, y, z), the current channel (or band) and time point. */
export interface Cursor { x: number; y: number; z: number; c: number; t: number }

export type LayoutKind = 'single' | 'ortho';
export interface Layout {
  kind: LayoutKind;
  /** The plane shown in single-view layout. */
  axis: Axis;
  interpolation: 'nearest' | 'linear';
  /** Left/right of world-referenced data on screen. */
  convention: Convention;
  /** The scale bar is shown (on by default for data with a physical unit). */
  scaleBar: boolean;
}

export type Tool = 'navigate' | 'line' | 'rect' | 'ellipse';

/** off: the image as it is; after: the pipeline's result; split: both, at a divider. */
export type PreviewMode = 'off' | 'after' | 'split';

/** The pipeline being tuned on the image on screen, and how its preview is shown. */
export interface PipelineEdit {
  steps: PipelineStep[];
  /** The step whose result the preview shows (index into steps). */
  previewStep: number;
  preview: PreviewMode;
  /** Split view: where the divider is, as a fraction of the plane's width (original left of it). */
  split: number;
  /**
   * Per step (parallel to steps): its sizes and sigmas are shown and typed in the spacing's physical
   * unit rather than in voxels (pipeline-lengths.ts converts; the step itself always holds voxels).
   */
  physical: boolean[];
}

/** A drawn line or region, in the plane pixel coordinates of the view it was drawn on. */
export interface Shape {
  kind: 'line' | 'rect' | 'ellipse';
  axis: Axis;
  x0: number; y0: number; x1: number; y1: number;
}

export interface Playback { playing: boolean; fps: number; loop: boolean }

export type { ChannelStats } from './layers.js';

/** What the display is before any volume is open. */
const NO_DISPLAY: DisplayState = { mode: 'single', channels: [], rgbBands: [0, 0, 0], saturation: 0.35, complexPart: 'magnitude' };

type Events = {
  /** Another file's volume is on screen (or none): everything about the old one is gone. */
  volume: VolumeData | null;
  /** Layers were added, removed or chosen; the image on screen may be another one (same grid). */
  layers: Layer[];
  cursor: Cursor;
  display: DisplayState;
  layout: Layout;
  tool: Tool;
  shape: Shape | null;
  playback: Playback;
  /** The voxel under the mouse, for the readout and the spectrum plot; null when off the data. */
  hover: { x: number; y: number; z: number } | null;
  /** More planes of the current volume have arrived. */
  planes: number;
  progress: LoadProgress | null;
  status: { text: string; kind: 'info' | 'error' };
  /** Per-channel statistics over the whole volume, once loaded. */
  stats: (ChannelStats | null)[];
  /** The pipeline or its preview settings changed. */
  pipeline: PipelineEdit;
  /** A preview plane was computed (views showing the preview redraw). */
  preview: null;
  /** The results table (Fiji's Measure) changed. */
  results: ResultRow[];
};

/**
 * The renderer's state. Panels write it, views subscribe to it; neither knows the other. Voxels are not
 * in here (VolumeData holds them); only which volume is shown and how.
 */
export class AppState extends Emitter<Events> {
  /** The document: the file's volume and the layers derived from it. */
  layers: Layer[] = [];
  /** The layer the user chose (the display panel acts on the image on screen). */
  private currentId: string | null = null;
  cursor: Cursor = { x: 0, y: 0, z: 0, c: 0, t: 0 };
  layout: Layout = { kind: 'single', axis: 'xy', interpolation: 'nearest', convention: 'radiological', scaleBar: true };
  tool: Tool = 'navigate';
  shape: Shape | null = null;
  /** False while the shape is still being drawn (measurements wait for the mouse to be released). */
  shapeFinal = true;
  hover: { x: number; y: number; z: number } | null = null;
  playback: Playback = { playing: false, fps: 10, loop: true };
  pipeline: PipelineEdit = { steps: [], previewStep: -1, preview: 'off', split: 0.5, physical: [] };
  /** The live preview of the pipeline, set once by the app's composition. */
  previewSource: PreviewSource | null = null;
  progress: LoadProgress | null = null;
  /** The view the keyboard steps through (the one last clicked or hovered). */
  activeAxis: Axis = 'xy';
  /** Measurement results; kept while the app runs, across files, until cleared. */
  results: ResultRow[] = [];
  private measurements = 0;
  private frameCache: { affine: number[][] | null; convention: Convention; frame: ViewFrame } | null = null;

  /** How the planes of the volume are put on screen (anatomical for world-referenced data); see app/view/view-frame. */
  get frame(): ViewFrame {
    const meta = this.volume?.meta;
    const affine = meta ? worldAffine(meta) : null;
    const convention = this.layout.convention;
    const c = this.frameCache;
    if (c?.affine === affine && c.convention === convention) return c.frame;
    return (this.frameCache = { affine, convention, frame: viewFrame(affine, convention) }).frame;
  }

  get current(): Layer | null {
    return this.layers.find((l) => l.id === this.currentId) ?? null;
  }

  /** The image on screen: the current layer, or the image a current mask or label layer belongs to. */
  get shownLayer(): Layer | null {
    let l = this.current;
    while (l && l.kind !== 'image' && l.derived) l = this.layers.find((x) => x.id === l!.derived!.from) ?? null;
    return l && l.kind === 'image' ? l : null;
  }

  /** The document's file: the layer opened from the host, which the others derive from. */
  get fileLayer(): Layer | null {
    return this.layers.find((l) => !l.derived) ?? null;
  }

  /** The voxels on screen. */
  get volume(): VolumeData | null {
    return this.shownLayer?.voxels ?? null;
  }

  /** How the image on screen is drawn. */
  get display(): DisplayState {
    return this.shownLayer?.display ?? NO_DISPLAY;
  }

  /** Its per-channel statistics (empty until it is all there). */
  get stats(): (ChannelStats | null)[] {
    return this.shownLayer?.stats ?? [];
  }

  /** Masks and label images drawn over the image on screen, bottom first. */
  overlays(): Layer[] {
    const shown = this.shownLayer;
    return shown ? this.layers.filter((l) => l.kind !== 'image' && l.visible && l.derived?.from === shown.id) : [];
  }

  /**
   * Shows a file's volume: it becomes the document's one layer (the layers of the file before go with
   * it), and the cursor, tools and playback start over for it.
   */
  setVolume(v: VolumeData | null, display?: DisplayState): void {
    const meta = v?.meta;
    this.layers = v && display ? [{ id: newLayerId(), name: v.name, kind: 'image', voxels: v, display, stats: [], visible: true, opacity: 1, derived: null }] : [];
    this.currentId = this.layers[0]?.id ?? null;
    this.cursor = { ...(meta ? openingVoxel(meta) : { x: 0, y: 0, z: 0 }), c: 0, t: 0 };
    this.layout = { ...this.layout, scaleBar: !!meta && hasPhysicalUnit(meta.unit) };
    this.shape = null;
    this.playback = { ...this.playback, playing: false };
    this.emit('volume', v);
    this.emit('layers', this.layers);
    this.emit('layout', this.layout);
    this.emit('display', this.display);
    this.emit('cursor', this.cursor);
    this.emit('shape', null);
    this.emit('playback', this.playback);
  }

  /** Adds a layer (derived from one of this document's, on the same grid) and makes it current. */
  addLayer(layer: Omit<Layer, 'id'>): Layer {
    const l: Layer = { ...layer, id: newLayerId() };
    this.layers = [...this.layers, l];
    this.selectLayer(l.id);
    return l;
  }

  /** Makes a layer current (an image layer is then the one on screen). */
  selectLayer(id: string): void {
    if (!this.layers.some((l) => l.id === id)) return;
    this.currentId = id;
    this.emit('layers', this.layers);
    this.emit('display', this.display);
    this.emit('stats', this.stats);
  }

  /** Removes a derived layer, and the layers derived from it; the one it came from becomes current. */
  removeLayer(id: string): void {
    const l = this.layers.find((x) => x.id === id);
    if (!l?.derived) return;
    // Layers come after the ones they derive from, so one pass in order finds every descendant.
    const gone = new Set([id]);
    for (const x of this.layers) if (x.derived && gone.has(x.derived.from)) gone.add(x.id);
    this.layers = this.layers.filter((x) => !gone.has(x.id));
    if (this.currentId && gone.has(this.currentId)) this.currentId = l.derived.from;
    this.emit('layers', this.layers);
    this.emit('display', this.display);
    this.emit('stats', this.stats);
  }

  /** Shows or hides, sets the opacity of, or highlights an object of, a mask or label layer. */
  setOverlay(id: string, patch: Partial<Pick<Layer, 'visible' | 'opacity' | 'highlight'>>): void {
    const l = this.layers.find((x) => x.id === id);
    if (!l || l.kind === 'image') return;
    Object.assign(l, patch);
    this.emit('layers', this.layers);
  }

  setCursor(p: Partial<Cursor>): void {
    const d = this.volume?.meta.dims;
    if (!d) return;
    const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, Math.round(v)));
    const c = this.cursor;
    const next = {
      x: clamp(p.x ?? c.x, d.x), y: clamp(p.y ?? c.y, d.y), z: clamp(p.z ?? c.z, d.z),
      c: clamp(p.c ?? c.c, d.c), t: clamp(p.t ?? c.t, d.t),
    };
    if (next.x === c.x && next.y === c.y && next.z === c.z && next.c === c.c && next.t === c.t) return;
    this.cursor = next;
    this.emit('cursor', next);
  }

  /** Changes how a layer is drawn (default: the image on screen). */
  setDisplay(d: Partial<DisplayState>, layer = this.shownLayer): void {
    if (!layer) return;
    layer.display = { ...layer.display, ...d };
    if (layer === this.shownLayer) this.emit('display', layer.display);
  }

  /** The layer holding these voxels. */
  layerOf(v: VolumeData): Layer | null {
    return this.layers.find((l) => l.voxels === v) ?? null;
  }

  setChannel(c: number, patch: Partial<ChannelDisplay>, mapping?: Partial<DisplayMapping>): void {
    const channels = this.display.channels.slice();
    const old = channels[c];
    if (!old) return;
    channels[c] = { ...old, ...patch, mapping: { ...old.mapping, ...mapping } };
    this.setDisplay({ channels });
  }

  setLayout(l: Partial<Layout>): void {
    this.layout = { ...this.layout, ...l };
    this.emit('layout', this.layout);
  }

  setPipeline(p: Partial<PipelineEdit>): void {
    const next = { ...this.pipeline, ...p };
    const n = next.steps.length;
    next.previewStep = n ? Math.max(0, Math.min(n - 1, next.previewStep < 0 ? n - 1 : next.previewStep)) : -1;
    next.split = Math.max(0, Math.min(1, next.split));
    next.physical = next.steps.map((_, i) => next.physical[i] === true);
    this.pipeline = next;
    this.emit('pipeline', next);
  }

  setTool(t: Tool): void {
    this.tool = t;
    this.emit('tool', t);
  }

  setShape(s: Shape | null, final = true): void {
    this.shape = s;
    this.shapeFinal = final;
    this.emit('shape', s);
  }

  setPlayback(p: Partial<Playback>): void {
    this.playback = { ...this.playback, ...p };
    this.emit('playback', this.playback);
  }

  setHover(h: { x: number; y: number; z: number } | null): void {
    this.hover = h;
    this.emit('hover', h);
  }

  /** The statistics of `layer` (default: the image on screen). */
  setStats(s: (ChannelStats | null)[], layer = this.shownLayer): void {
    if (!layer) return;
    layer.stats = s;
    if (layer === this.shownLayer) this.emit('stats', s);
  }

  /** Adds the rows of one measurement, numbered together. */
  addResults(rows: Omit<ResultRow, 'n'>[]): void {
    if (!rows.length) return;
    const n = ++this.measurements;
    this.results = [...this.results, ...rows.map((r) => ({ ...r, n }))];
    this.emit('results', this.results);
  }

  removeResult(index: number): void {
    if (index < 0 || index >= this.results.length) return;
    this.results = this.results.filter((_, i) => i !== index);
    this.emit('results', this.results);
  }

  clearResults(): void {
    this.results = [];
    this.measurements = 0;
    this.emit('results', this.results);
  }

  setProgress(p: LoadProgress | null): void {
    const ended = this.progress && !p;
    this.progress = p;
    if (ended) this.ontoArrivedPlanes();
    this.emit('progress', p);
  }

  /**
   * A load that stopped part way (failed, cancelled) leaves planes [0, n) in canonical order. World data
   * opens at its centre slice, which may not be among them: the cursor then moves onto the planes that
   * arrived (app/view arrivedSlice), so the views show what was read, not a blank.
   */
  private ontoArrivedPlanes(): void {
    const v = this.volume;
    if (!v || v.complete) return;
    const z = arrivedSlice(v.meta.dims, this.cursor.z, v);
    if (z !== null && (z !== this.cursor.z || this.cursor.c || this.cursor.t)) this.setCursor({ z, c: 0, t: 0 });
  }

  status(text: string, kind: 'info' | 'error' = 'info'): void {
    this.emit('status', { text, kind });
  }

  /**
   * The current channel: the one the display panel, the colorbar, the channel list's highlight and
   * window/level act on. The cursor's channel, except in RGB mode, where it is the red band.
   */
  currentChannel(): number {
    return this.display.mode === 'rgb' ? this.display.rgbBands[0] : this.cursor.c;
  }

  /** The channels auto-contrast and reset act on: the current one, or all three bands in RGB mode. */
  contrastChannels(): number[] {
    return this.display.mode === 'rgb' ? [...new Set(this.display.rgbBands)] : [this.currentChannel()];
  }

  /** The channels drawn right now, by mode. */
  drawnChannels(): number[] {
    const { mode, channels, rgbBands } = this.display;
    if (mode === 'single') return channels.length ? [this.currentChannel()] : [];
    if (mode === 'rgb') return [...rgbBands];
    return channels.map((ch, i) => (ch.visible ? i : -1)).filter((i) => i >= 0);
  }

  /** How the open volume's stored voxels become the numbers shown and measured (calibration, complex part). */
  values(): ValueMapping {
    return valueMapping(this.volume?.meta.scaling, this.display.complexPart);
  }
}
