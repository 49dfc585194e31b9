import { typedView } from '../../app/model/dtype.js';
import { lengthUnit } from '../../app/model/units.js';
import { planeReady } from '../../app/view/planes.js';
import { voxelText, voxelToWorld } from '../../app/view/readout.js';
import type { AppState } from '../state/app-state.js';

/**
 * The readout at the cursor, like Fiji's status line: voxel position (counted from 1) and physical
 * position (in the unit the file declares), then the stored value of every channel at that voxel with,
 * where it differs, the value the viewer shows (calibrated, or the chosen part of a complex voxel).
 */
export function mountReadout(el: HTMLElement, state: AppState): void {
  const update = (): void => {
    const vol = state.volume;
    const h = state.hover ?? (vol ? { x: state.cursor.x, y: state.cursor.y, z: state.cursor.z } : null);
    if (!vol || !h) {
      el.textContent = '';
      return;
    }
    const meta = vol.meta;
    const d = meta.dims;
    const w = voxelToWorld(meta, h);
    const unit = lengthUnit(meta);
    // 1-based like the panel and the view corners (Fiji's slice numbers); data-x/y/z keep the 0-based index.
    const pos = `x ${h.x + 1} y ${h.y + 1} z ${h.z + 1}` + (d.t > 1 ? ` t ${state.cursor.t + 1}` : '');
    const phys = `(${[w.x, w.y, w.z].map((n) => +n.toPrecision(5)).join(', ')})${unit ? ' ' + unit : ''}`;
    const data = typedView(meta.dtype, vol.sab);
    const loaded = (c: number): boolean => planeReady(d, 'xy', h.z, c, state.cursor.t, vol);
    const shown = state.values();
    const values: string[] = [];
    const show = d.c > 8 ? [state.currentChannel()] : [...Array(d.c).keys()];
    for (const c of show) {
      if (!loaded(c)) {
        values.push('…');
        continue;
      }
      const name = d.c > 1 ? `${meta.channels[c]?.name || `c${c + 1}`}: ` : '';
      values.push(name + voxelText({ data, dims: d, dtype: meta.dtype, x: h.x, y: h.y, z: h.z, c, t: state.cursor.t }, shown));
    }
    el.textContent = `${pos} ${phys} · ${values.join('  ')}`;
    el.title = el.textContent;
    el.dataset.x = String(h.x);
    el.dataset.y = String(h.y);
    el.dataset.z = String(h.z);
  };
  for (const ev of ['hover', 'cursor', 'volume', 'planes', 'display'] as const) state.on(ev, update);
}
