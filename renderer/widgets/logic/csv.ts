import { pointCount, type PlotData, type PlotSeries } from './plot-data.js';

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Full precision so the file round-trips; missing or non-finite values are empty cells. */
function csvNumber(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : String(v);
}

function sameX(a: PlotSeries, b: PlotSeries): boolean {
  if (a.x === b.x) return true;
  const n = pointCount(a);
  if (n !== pointCount(b)) return false;
  for (let i = 0; i < n; i++) if (!Object.is(a.x[i], b.x[i])) return false;
  return true;
}

/** "yLabel (series)" when there are several series, so each column says what it is. */
function columnName(label: string, s: PlotSeries, several: boolean): string {
  return several && s.name ? `${label} (${s.name})` : label;
}

/**
 * The plot's data as CSV with a header from the axis labels. Series that share their x values become one
 * table (x, y1, y2, …); otherwise each series gets its own x and y columns, padded with empty cells.
 */
export function plotToCsv(data: PlotData): string {
  const series = data.series;
  if (series.length === 0) return `${csvField(data.xLabel)},${csvField(data.yLabel)}\n`;
  const several = series.length > 1;
  const rows: string[] = [];
  if (series.every((s) => sameX(series[0], s))) {
    rows.push([data.xLabel, ...series.map((s) => columnName(data.yLabel, s, several))].map(csvField).join(','));
    const first = series[0];
    for (let i = 0, n = pointCount(first); i < n; i++) rows.push([first.x[i], ...series.map((s) => s.y[i])].map(csvNumber).join(','));
  } else {
    rows.push(series.flatMap((s) => [columnName(data.xLabel, s, true), columnName(data.yLabel, s, true)]).map(csvField).join(','));
    const n = Math.max(...series.map(pointCount));
    for (let i = 0; i < n; i++) {
      rows.push(series.flatMap((s) => (i < pointCount(s) ? [s.x[i], s.y[i]] : [undefined, undefined])).map(csvNumber).join(','));
    }
  }
  return rows.join('\n') + '\n';
}
