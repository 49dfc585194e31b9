import { measurementRow, type ResultRow } from '../../app/measure/results.js';
import { typedView } from '../../app/model/dtype.js';
import { lengthUnit } from '../../app/model/units.js';
import { extractPlane, planePixelSize, planeSize, voxelToPlane } from '../../app/view/planes.js';
import type { AppState, Shape } from './app-state.js';

export interface ShapePlane { values: Float64Array; width: number; height: number; pixel: { x: number; y: number } }

/**
 * The plane a shape was drawn on, for channel c at the current slice and time, in calibrated values
 * (float64, so statistics of scaled data are not rounded to float32); null while it is not loaded.
 */
export function shapePlane(state: AppState, shape: Shape, c: number): ShapePlane | null {
  const vol = state.volume;
  if (!vol) return null;
  const meta = vol.meta;
  const size = planeSize(meta.dims, shape.axis);
  const values = new Float64Array(size.width * size.height);
  const cur = state.cursor;
  const ok = extractPlane({
    data: typedView(meta.dtype, vol.sab), dims: meta.dims, dtype: meta.dtype, axis: shape.axis, index: voxelToPlane(shape.axis, cur).slice,
    c, t: cur.t, loaded: vol, out: values, values: state.values(),
  });
  return ok ? { values, ...size, pixel: planePixelSize(meta.spacing, shape.axis) } : null;
}

/** The channel's name as tables and plots label it. */
export function channelName(state: AppState, c: number): string {
  return state.volume?.meta.channels[c]?.name || `c${c + 1}`;
}

/** Rows measuring the shape on each channel drawn (the ones not loaded yet are left out). */
export function measureShape(state: AppState, shape: Shape): Omit<ResultRow, 'n'>[] {
  const vol = state.volume;
  if (!vol) return [];
  const meta = vol.meta;
  const rows: Omit<ResultRow, 'n'>[] = [];
  for (const c of state.drawnChannels()) {
    const p = shapePlane(state, shape, c);
    if (!p) continue;
    rows.push(measurementRow({
      file: vol.name, plane: shape.axis, slice: voxelToPlane(shape.axis, state.cursor).slice, frame: state.cursor.t,
      channel: channelName(state, c), shape, ...p, unit: lengthUnit(meta),
    }));
  }
  return rows;
}

/** Fiji's Measure (M): adds the current shape's rows to the results table, or says what is missing. */
export function measureCurrent(state: AppState): void {
  const shape = state.shape;
  if (!state.volume) return;
  if (!shape) {
    state.status('Draw a rectangle, ellipse or line first (R, E, L), then measure (M)');
    return;
  }
  const rows = measureShape(state, shape);
  if (!rows.length) {
    state.status('Nothing to measure yet: the planes under the shape are still loading');
    return;
  }
  state.addResults(rows);
}
