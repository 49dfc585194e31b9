import type { ObjectTableModel } from '../state/object-table.js';
import { button, downloadText, el } from '../widgets/dom.js';
import { el as h } from './dialogs.js';
import { OBJECT_COLUMNS, type ObjectColumn } from '../widgets/logic/object-order.js';
import { rowWindow, scrollToRow } from '../widgets/logic/row-window.js';

/** Row height in px: fixed, so the rows drawn follow from the scroll position alone (widgets.css sets it too). */
export const OBJECT_ROW_HEIGHT = 20;

const short = (v: number): string => String(+v.toPrecision(5));

/**
 * The object table dock of a label layer (or a labels preview): label, voxels, volume, centroid, bounding box and mean
 * intensity per object, sortable by clicking a column's header, with only the rows in view in the DOM
 * (100,000 objects scroll as 30 do). Clicking a row, or ↑ ↓ (Page Up/Down, Home/End) while the table
 * has the keyboard, jumps the crosshair to that object; CSV exports every object at full precision.
 */
export class ObjectTableDock {
  readonly box = el('section', { className: 'dock-box object-table-box', hidden: true }, 'object-table');
  private readonly count = el('span', { className: 'object-count' }, 'object-count');
  private readonly scroller = el('div', { className: 'object-table-scroll', tabIndex: 0 }, 'object-table-rows');
  private readonly head = el('tr');
  private readonly body = el('tbody');
  private frame = 0;

  constructor(private readonly model: ObjectTableModel, onVisibility: () => void) {
    const csv = button('CSV', 'Download the object table as CSV (every object, full precision)', 'object-table-csv', () => {
      const name = `${model.name || 'objects'}${model.preview ? '-preview' : ''}`.replace(/[^\w.-]+/g, '_').slice(0, 80);
      downloadText(model.csv(), `${name}-objects.csv`, 'text/csv');
    });
    this.scroller.setAttribute('role', 'grid');
    this.scroller.setAttribute('aria-label', 'Objects of the label layer');
    this.scroller.append(h('table', { className: 'results object-table' }, h('thead', {}, this.head), this.body));
    this.box.append(el('h3', { textContent: 'Objects' }), h('div', { className: 'vs-toolbar' }, this.count, csv), this.scroller);
    this.scroller.addEventListener('scroll', () => this.request());
    this.scroller.addEventListener('keydown', (e) => this.key(e));
    this.body.addEventListener('click', (e) => {
      const tr = (e.target as Element).closest('tr[data-label]');
      if (tr instanceof HTMLElement) {
        model.select(Number(tr.dataset.label));
        this.scroller.focus({ preventScroll: true });
      }
    });
    model.on('change', () => {
      const was = this.box.hidden;
      this.render();
      if (was !== this.box.hidden) onVisibility();
    });
    new ResizeObserver(() => this.request()).observe(this.scroller);
  }

  private key(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / OBJECT_ROW_HEIGHT) - 1);
    const n = this.model.order.length;
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -n, End: n };
    if (!(e.key in steps) || e.ctrlKey || e.metaKey || e.altKey) return;
    // The table's keys, not the viewer's (where ↑ ↓ step the slice).
    e.preventDefault();
    e.stopPropagation();
    this.model.step(steps[e.key]);
  }

  private request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawRows();
    });
  }

  private render(): void {
    const m = this.model;
    this.box.hidden = !m.name;
    if (!m.name) return;
    const u = m.unit || 'units';
    const titles: Record<ObjectColumn, string> = {
      label: 'label', voxels: 'voxels', volume: `volume [${u}³]`, centroid: `centroid x, y, z [${u}]`, bbox: 'bounding box x, y, z [voxel]', mean: 'mean intensity',
    };
    const cols = OBJECT_COLUMNS.filter((c) => c !== 'mean' || m.table?.sumIntensity);
    this.head.replaceChildren(...cols.map((c) => {
      const th = el('th', { textContent: titles[c], title: `Sort by ${titles[c]}` });
      th.dataset.column = c;
      if (m.sort.column === c) th.dataset.sort = m.sort.descending ? 'descending' : 'ascending';
      th.setAttribute('aria-sort', m.sort.column === c ? (m.sort.descending ? 'descending' : 'ascending') : 'none');
      th.onclick = () => m.sortBy(c);
      return th;
    }));
    const n = m.order.length;
    // A preview's table is what Apply would give, said so: nothing of it is a layer yet.
    const objects = m.computing ? 'measuring objects…' : `${n} object${n === 1 ? '' : 's'}`;
    this.count.textContent = m.error ?? (m.preview ? `Preview: ${objects}` : objects);
    this.count.classList.toggle('error', !!m.error);
    this.box.dataset.count = m.computing || m.error ? '' : String(n);
    const i = m.selectedIndex;
    if (i >= 0) this.scroller.scrollTop = scrollToRow(i, OBJECT_ROW_HEIGHT, this.scroller.scrollTop, this.scroller.clientHeight, OBJECT_ROW_HEIGHT);
    this.drawRows();
  }

  /** The rows in view, between two spacers as tall as the rows above and below them. */
  private drawRows(): void {
    const m = this.model;
    if (!m.table) {
      this.body.replaceChildren();
      return;
    }
    const w = rowWindow(m.order.length, OBJECT_ROW_HEIGHT, this.scroller.scrollTop, this.scroller.clientHeight);
    const spacer = (h: number): HTMLTableRowElement => {
      const tr = el('tr', { className: 'spacer' });
      tr.style.height = `${h}px`;
      return tr;
    };
    const withMean = !!m.table.sumIntensity;
    const rows: HTMLTableRowElement[] = [];
    for (let k = w.first; k < w.end; k++) {
      const r = m.row(m.order[k]);
      const c = r.centroidPhysical;
      const cells = [
        String(r.label), String(r.voxels), short(r.volume), `${short(c.x)}, ${short(c.y)}, ${short(c.z)}`,
        `${r.min.x}–${r.max.x}, ${r.min.y}–${r.max.y}, ${r.min.z}–${r.max.z}`, ...(withMean && r.meanIntensity !== null ? [short(r.meanIntensity)] : []),
      ];
      const tr = h('tr', {}, ...cells.map((t) => h('td', { textContent: t })));
      tr.dataset.label = String(r.label);
      tr.setAttribute('aria-selected', String(r.label === m.selected));
      rows.push(tr);
    }
    this.body.replaceChildren(spacer(w.top), ...rows, spacer(w.bottom));
  }
}
