import type { FloatArray } from '../model/dtype.js';
import { drawnLineProfile } from './profile.js';
import { roiStats } from './roi-stats.js';
import { sampleStats } from './stats.js';

/*
 * Fiji's Results table for Analyze > Measure: each measurement of a drawn rectangle, ellipse or line
 * adds one row per channel measured, with where it was taken (file, plane, 1-based slice and frame),
 * its size in physical units and the statistics of the calibrated values inside it. Rows are plain data
 * so they outlive the volume they were taken on.
 */

export type MeasuredShape = 'rect' | 'ellipse' | 'line';

export interface ResultRow {
  /** Running number of the measurement (rows of one measurement share it). */
  n: number;
  file: string;
  /** The view the shape was drawn on: 'xy', 'xz' or 'yz'. */
  plane: string;
  /** 1-based slice along the plane's normal, 1-based time point. */
  slice: number;
  frame: number;
  channel: string;
  shape: MeasuredShape;
  /** Area of a rectangle or ellipse (unit²), length of a line (unit); null where it does not apply. */
  area: number | null;
  length: number | null;
  /** Length unit of area and length ('µm', 'px', ''). */
  unit: string;
  /** Pixels (regions) or samples (lines) that went into the statistics; NaN values are left out. */
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export interface MeasureInput {
  file: string;
  plane: string;
  /** 0-based slice and frame (the row holds them 1-based, as Fiji shows them). */
  slice: number;
  frame: number;
  channel: string;
  /** Corners (rect, ellipse) or ends (line) in plane pixel coordinates, pixel i covering [i, i+1). */
  shape: { kind: MeasuredShape; x0: number; y0: number; x1: number; y1: number };
  /** The plane's calibrated values, row-major, and its size. */
  values: FloatArray; width: number; height: number;
  /** Physical size of a plane pixel. */
  pixel: { x: number; y: number };
  unit: string;
}

/**
 * One row (without its number) for a shape on one channel's plane. Regions follow app/measure/roi-stats
 * (Fiji's Measure); a line is measured along its profile, sampled at the drawn pixel centres as the
 * profile plot samples it, like Fiji's Measure on a straight line.
 */
export function measurementRow(m: MeasureInput): Omit<ResultRow, 'n'> {
  const { shape: s, values, width, height, pixel } = m;
  const where = { file: m.file, plane: m.plane, slice: m.slice + 1, frame: m.frame + 1, channel: m.channel, shape: s.kind, unit: m.unit };
  if (s.kind === 'line') {
    const prof = drawnLineProfile({ plane: values, width, height, line: s, pixel });
    const length = Math.hypot((s.x1 - s.x0) * pixel.x, (s.y1 - s.y0) * pixel.y);
    return { ...where, area: null, length, ...sampleStats(prof.values) };
  }
  const r = roiStats({ plane: values, width, height, roi: { kind: s.kind, x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1 }, pixel });
  return { ...where, area: r.area, length: null, count: r.count, mean: r.mean, std: r.std, min: r.min, max: r.max };
}

/** The columns, in order (CSV and TSV headers are these keys; the unit has a column of its own). */
const COLUMNS: (keyof ResultRow)[] = ['n', 'file', 'plane', 'slice', 'frame', 'channel', 'shape', 'area', 'length', 'unit', 'count', 'mean', 'std', 'min', 'max'];

export function resultColumns(): (keyof ResultRow)[] {
  return [...COLUMNS];
}

/** A cell as text: numbers at full precision (so the file round-trips), null and NaN as empty cells. */
function cell(v: ResultRow[keyof ResultRow]): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return v;
}

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV with a header line (what the CSV button saves). */
export function resultsCsv(rows: readonly ResultRow[]): string {
  const lines = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((k) => csvField(cell(r[k]))).join(','))];
  return lines.join('\n') + '\n';
}

/** The rows tab-separated with a header line (what Copy puts on the clipboard; pastes into a spreadsheet). */
export function resultsTsv(rows: readonly ResultRow[]): string {
  const clean = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');
  const lines = [COLUMNS.join('\t'), ...rows.map((r) => COLUMNS.map((k) => clean(cell(r[k]))).join('\t'))];
  return lines.join('\n') + '\n';
}

/** A number for the on-screen table: up to 6 significant digits; empty for null and NaN. */
export function resultCellText(v: ResultRow[keyof ResultRow]): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(+v.toPrecision(6)) : '';
  return v ?? '';
}
