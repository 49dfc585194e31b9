import { formatValue, readVoxel, scaledValue, voxelToWorld } from '../../app/view/readout.js';
import type { AppState } from '../state/app-state.js';
import { typedView } from '../../app/model/dtype.js';
import { planeReady } from '../../app/view/planes.js';

/**
 * The readout at the cursor, like Fiji's status line: voxel position (counted from 1) and physical
 * position, then the stored (and, with an intensity scaling, the scaled) value of every channel there.
 */
export function mountReadout(el: HTMLElement, state: AppState): void {
  const update = (): void => {
    const vol = state.volume;
    const h = state.hover ?? (vol ? { x: state.cursor.x, y: state.cursor.y, z: state.cursor.z } : null);
    if (!vol || !h) {
      el.textContent = '';
      return;
    }
    const meta = vol.info.meta;
    const d = meta.dims;
    const w = voxelToWorld(meta, h);
    const unit = meta.affine ? 'mm' : meta.unit;
    // 1-based like the panel and the view corners (Fiji's slice numbers); data-x/y/z keep the 0-based index.
    const pos = `x ${h.x + 1} y ${h.y + 1} z ${h.z + 1}` + (d.t > 1 ? ` t ${state.cursor.t + 1}` : '');
    const phys = `(${[w.x, w.y, w.z].map((n) => +n.toPrecision(5)).join(', ')})${unit ? ' ' + unit : ''}`;
    const data = typedView(meta.dtype, vol.sab);
    const loaded = (c: number): boolean => planeReady(d, 'xy', h.z, c, state.cursor.t, vol.planesReceived);
    const values: string[] = [];
    const show = d.c > 8 ? [state.cursor.c] : [...Array(d.c).keys()];
    for (const c of show) {
      if (!loaded(c)) {
        values.push('…');
        continue;
      }
      const v = readVoxel({ data, dims: d, dtype: meta.dtype, x: h.x, y: h.y, z: h.z, c, t: state.cursor.t });
      const name = d.c > 1 ? `${meta.channels[c]?.name || `c${c + 1}`}: ` : '';
      const scaled = meta.scaling && (meta.scaling.slope !== 1 || meta.scaling.inter !== 0) ? ` → ${formatValue(scaledValue(v, meta.scaling), 'float64')}` : '';
      values.push(`${name}${formatValue(v, meta.dtype)}${scaled}`);
    }
    el.textContent = `${pos} ${phys} · ${values.join('  ')}`;
    el.dataset.x = String(h.x);
    el.dataset.y = String(h.y);
    el.dataset.z = String(h.z);
  };
  for (const ev of ['hover', 'cursor', 'volume', 'planes'] as const) state.on(ev, update);
}
