import { regionAt, type Region, type RegionTable } from '../../app/filters/label/regions.js';
import { regionsCsv } from '../../app/filters/label/regions-csv.js';
import type { Dims3 } from '../../app/filters/types.js';
import type { RegionsPayload } from '../../app/jobs/handlers/regions.js';
import type { JobPool } from '../../app/jobs/pool.js';
import { lengthUnit } from '../../app/model/units.js';
import type { VolumeMeta } from '../../app/model/volume.js';
import { objectOrder, type ObjectColumn, type ObjectSort } from '../widgets/logic/object-order.js';
import type { AppState } from './app-state.js';
import { Emitter } from './emitter.js';
import type { Layer } from './layers.js';
import { beginWork } from './settle.js';

/** What the table is about: an applied label layer, or the labels preview of the pipeline being tuned. */
interface Target {
  key: string;
  /** The label layer, null for the preview. */
  layer: Layer | null;
  name: string;
  meta: VolumeMeta;
  /** Labels, their channel and time point; the intensity image and its channel and time point. */
  payload: () => Promise<RegionsPayload>;
}

/**
 * The object table of the label layer in view (napari's regionprops table, Fiji's ROI list): computed
 * in a job from the labels (and the image they were segmented from, for the mean intensity) whenever
 * another label layer, channel or time point comes into view; sorted by any column; one object chosen,
 * which the crosshair jumps to and the views draw standing out. With no label layer in view, a labels
 * preview gets the same table of what Apply would produce, from the label image the preview already
 * computed, and follows the parameters as they are tuned.
 */
export class ObjectTableModel extends Emitter<{ change: null }> {
  layer: Layer | null = null;
  /** The table is of the preview (not of an applied layer). */
  preview = false;
  /** The name of what the table is about (the layer's, or the image's for a preview), '' for nothing. */
  name = '';
  table: RegionTable | null = null;
  /** Labels of the objects, in the order of `sort`. */
  order: Uint32Array = new Uint32Array(0);
  sort: ObjectSort = { column: 'label', descending: false };
  /** The chosen object's label, 0 for none. */
  selected = 0;
  computing = false;
  error: string | null = null;
  private meta: VolumeMeta | null = null;
  private key = '';

  constructor(private readonly state: AppState, private readonly pool: () => JobPool) {
    super();
    state.on('layers', () => this.refresh());
    state.on('volume', () => this.refresh());
    state.on('cursor', () => this.refresh());
    // The preview's pipeline changed, or it came on or off. (main.ts creates the preview engine first,
    // so its own 'pipeline' listener has reset it by the time this one asks it for labels.)
    state.on('preview', () => this.refresh());
    state.on('pipeline', () => this.refresh());
  }

  /** The current layer when it is labels, else the top label layer over the image on screen, else a labels preview. */
  private target(): Target | null {
    const cur = this.state.current;
    const layer = cur?.kind === 'labels' ? cur : this.state.overlays().filter((l) => l.kind === 'labels').at(-1);
    if (layer) return this.layerTarget(layer);
    return this.previewTarget();
  }

  private layerTarget(layer: Layer): Target {
    const v = layer.voxels;
    const d = v.meta.dims;
    const c = Math.min(this.state.cursor.c, d.c - 1);
    const t = Math.min(this.state.cursor.t, d.t - 1);
    const source = this.state.layers.find((l) => l.id === layer.derived?.from)?.voxels ?? null;
    const sameGrid = source && source.meta.dims.x === d.x && source.meta.dims.y === d.y && source.meta.dims.z === d.z;
    const payload: RegionsPayload = {
      labels: { sab: v.sab, dims: d, dtype: v.meta.dtype },
      intensity: source && sameGrid ? { sab: source.sab, dims: source.meta.dims, dtype: source.meta.dtype } : null,
      c, t, spacing: spacing3(v.meta),
    };
    return { key: `${layer.id}|${c}|${t}`, layer, name: layer.name, meta: v.meta, payload: () => Promise.resolve(payload) };
  }

  private previewTarget(): Target | null {
    const vol = this.state.volume;
    const c = this.state.currentChannel();
    const t = this.state.cursor.t;
    const whole = this.state.previewSource?.wholeLabels?.(c, t);
    if (!vol || !whole) return null;
    const payload = async (): Promise<RegionsPayload> => ({
      // The preview's label image is that one channel and time point alone.
      labels: await whole.labels, c: 0, t: 0,
      intensity: { sab: vol.sab, dims: vol.meta.dims, dtype: vol.meta.dtype }, intensityAt: { c, t },
      spacing: spacing3(vol.meta),
    });
    return { key: `preview|${whole.key}`, layer: null, name: this.state.shownLayer?.name ?? 'preview', meta: vol.meta, payload };
  }

  /** The length unit of the table's columns ('µm', 'px', or '' for none). */
  get unit(): string {
    return this.meta ? lengthUnit(this.meta) : '';
  }

  private refresh(): void {
    const target = this.target();
    const key = target?.key ?? '';
    if (key === this.key) return;
    this.key = key;
    this.highlight(0);
    this.layer = target?.layer ?? null;
    this.preview = !!target && !target.layer;
    this.name = target?.name ?? '';
    this.meta = target?.meta ?? null;
    this.table = null;
    this.order = new Uint32Array(0);
    this.selected = 0;
    this.error = null;
    this.computing = !!target;
    this.emit('change', null);
    if (target) void this.compute(target);
  }

  private async compute(target: Target): Promise<void> {
    const { key } = target;
    const done = beginWork();
    try {
      const payload = await target.payload();
      if (key !== this.key) return;
      const table = await this.pool().run<RegionTable>('regions', payload, { key: 'object-table' }).result;
      if (key !== this.key) return;
      this.table = table;
      this.order = objectOrder(table, this.sort);
    } catch (e) {
      if (key !== this.key || (e as Error).name === 'JobCancelledError') return;
      this.error = `${target.name}: ${(e as Error).message}`;
    } finally {
      if (key === this.key) {
        this.computing = false;
        this.emit('change', null);
      }
      done();
    }
  }

  /** Draws an object standing out (0: none) where the table's labels are drawn: the layer, or the preview. */
  private highlight(label: number): void {
    if (this.layer) this.state.setOverlay(this.layer.id, { highlight: label });
    else if (this.preview && this.state.previewSource && this.state.previewSource.highlight !== label) {
      this.state.previewSource.highlight = label;
      this.state.emit('preview', null);
    }
  }

  /** Sorts by a column; the same column again reverses the order. */
  sortBy(column: ObjectColumn): void {
    this.sort = { column, descending: this.sort.column === column ? !this.sort.descending : column !== 'label' };
    if (this.table) this.order = objectOrder(this.table, this.sort);
    this.emit('change', null);
  }

  row(label: number): Region {
    return regionAt(this.table!, label);
  }

  /** Chooses an object: the crosshair (and so every view's slice) moves to its centroid, and it is highlighted. */
  select(label: number): void {
    if (!this.table || !this.name || !(label >= 1 && label <= this.table.count) || !this.table.voxels[label - 1]) return;
    this.selected = label;
    const { centroid } = this.row(label);
    this.state.setCursor({ x: Math.round(centroid.x), y: Math.round(centroid.y), z: Math.round(centroid.z) });
    this.highlight(label);
    this.emit('change', null);
  }

  /** The object `n` rows after the chosen one in the table's order (the first when none is chosen). */
  step(n: number): void {
    if (!this.order.length) return;
    const at = this.selected ? this.order.indexOf(this.selected) : -1;
    const i = at < 0 ? (n > 0 ? 0 : this.order.length - 1) : Math.max(0, Math.min(this.order.length - 1, at + n));
    this.select(this.order[i]);
  }

  /** Index of the chosen object in the table's order, -1 for none. */
  get selectedIndex(): number {
    return this.selected ? this.order.indexOf(this.selected) : -1;
  }

  csv(): string {
    return this.table ? regionsCsv(this.table, this.unit) : '';
  }
}

function spacing3(meta: VolumeMeta): Dims3 {
  return { x: meta.spacing.x, y: meta.spacing.y, z: meta.spacing.z };
}
