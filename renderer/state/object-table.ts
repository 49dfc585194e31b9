import { regionAt, type Region, type RegionTable } from '../../app/filters/label/regions.js';
import { regionsCsv } from '../../app/filters/label/regions-csv.js';
import type { RegionsPayload } from '../../app/jobs/handlers/regions.js';
import type { JobPool } from '../../app/jobs/pool.js';
import { lengthUnit } from '../../app/model/units.js';
import { objectOrder, type ObjectColumn, type ObjectSort } from '../widgets/logic/object-order.js';
import type { AppState } from './app-state.js';
import { Emitter } from './emitter.js';
import type { Layer } from './layers.js';
import { beginWork } from './settle.js';

/**
 * The object table of the label layer in view (napari's regionprops table, Fiji's ROI list): computed
 * in a job from the labels (and the image they were segmented from, for the mean intensity) whenever
 * another label layer, channel or time point comes into view; sorted by any column; one object chosen,
 * which the crosshair jumps to and the views draw standing out.
 */
export class ObjectTableModel extends Emitter<{ change: null }> {
  layer: Layer | null = null;
  table: RegionTable | null = null;
  /** Labels of the objects, in the order of `sort`. */
  order: Uint32Array = new Uint32Array(0);
  sort: ObjectSort = { column: 'label', descending: false };
  /** The chosen object's label, 0 for none. */
  selected = 0;
  computing = false;
  error: string | null = null;
  private key = '';

  constructor(private readonly state: AppState, private readonly pool: () => JobPool) {
    super();
    state.on('layers', () => this.refresh());
    state.on('volume', () => this.refresh());
    state.on('cursor', () => this.refresh());
  }

  /** The label layer the table is about: the current layer, or the top label layer over the image on screen. */
  private target(): Layer | null {
    const cur = this.state.current;
    if (cur?.kind === 'labels') return cur;
    return this.state.overlays().filter((l) => l.kind === 'labels').at(-1) ?? null;
  }

  /** The length unit of the table's columns ('µm', 'px', or '' for none). */
  get unit(): string {
    return this.layer ? lengthUnit(this.layer.voxels.meta) : '';
  }

  private refresh(): void {
    const layer = this.target();
    const { c, t } = this.state.cursor;
    const d = layer?.voxels.meta.dims;
    const key = layer && d ? `${layer.id}|${Math.min(c, d.c - 1)}|${Math.min(t, d.t - 1)}` : '';
    if (key === this.key) return;
    this.key = key;
    if (this.layer && this.layer !== layer) this.state.setOverlay(this.layer.id, { highlight: 0 });
    this.layer = layer;
    this.table = null;
    this.order = new Uint32Array(0);
    this.selected = 0;
    this.error = null;
    this.computing = !!layer;
    this.emit('change', null);
    if (layer && d) void this.compute(layer, key, Math.min(c, d.c - 1), Math.min(t, d.t - 1));
  }

  private async compute(layer: Layer, key: string, c: number, t: number): Promise<void> {
    const v = layer.voxels;
    const source = this.state.layers.find((l) => l.id === layer.derived?.from)?.voxels ?? null;
    const sameGrid = source && source.meta.dims.x === v.meta.dims.x && source.meta.dims.y === v.meta.dims.y && source.meta.dims.z === v.meta.dims.z;
    const payload: RegionsPayload = {
      labels: { sab: v.sab, dims: v.meta.dims, dtype: v.meta.dtype },
      intensity: source && sameGrid ? { sab: source.sab, dims: source.meta.dims, dtype: source.meta.dtype } : null,
      c, t, spacing: { x: v.meta.spacing.x, y: v.meta.spacing.y, z: v.meta.spacing.z },
    };
    const done = beginWork();
    try {
      const table = await this.pool().run<RegionTable>('regions', payload, { key: 'object-table' }).result;
      if (key !== this.key) return;
      this.table = table;
      this.order = objectOrder(table, this.sort);
    } catch (e) {
      if (key !== this.key || (e as Error).name === 'JobCancelledError') return;
      this.error = `${layer.name}: ${(e as Error).message}`;
    } finally {
      if (key === this.key) {
        this.computing = false;
        this.emit('change', null);
      }
      done();
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
    if (!this.table || !this.layer || !(label >= 1 && label <= this.table.count) || !this.table.voxels[label - 1]) return;
    this.selected = label;
    const { centroid } = this.row(label);
    this.state.setCursor({ x: Math.round(centroid.x), y: Math.round(centroid.y), z: Math.round(centroid.z) });
    this.state.setOverlay(this.layer.id, { highlight: label });
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
