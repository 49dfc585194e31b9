import { lineProfile } from '../../app/measure/profile.js';
import { roiStats } from '../../app/measure/roi-stats.js';
import { spectrumAt, spectrumMean } from '../../app/measure/spectrum.js';
import { typedView } from '../../app/model/dtype.js';
import { extractPlane, planePixelSize, planeSize, voxelToPlane } from '../../app/view/planes.js';
import type { AppState, Shape } from '../state/app-state.js';
import { isHyperspectral } from '../state/display-defaults.js';
import { LinePlot } from '../widgets/line-plot.js';
import { el } from './dialogs.js';

/**
 * The dock under the views: the spectrum at the cursor (and averaged over a drawn rectangle) for
 * multi-band data, the line profile of a drawn line, and Fiji-style Measure results for a rectangle or
 * ellipse. Everything is recomputed from the voxels in shared memory when the inputs change.
 */
export class MeasureDock {
  private readonly spectrumBox = el('section', { className: 'dock-box', hidden: true });
  private readonly profileBox = el('section', { className: 'dock-box', hidden: true });
  private readonly resultsBox = el('section', { className: 'dock-box', hidden: true });
  private readonly spectrum: LinePlot;
  private readonly profile: LinePlot;
  private readonly results = el('table', { className: 'results' });
  private frame = 0;

  constructor(private readonly host: HTMLElement, private readonly state: AppState) {
    this.spectrumBox.dataset.testid = 'spectrum-box';
    this.profileBox.dataset.testid = 'profile-box';
    this.resultsBox.dataset.testid = 'results-box';
    this.spectrumBox.append(el('h3', {}, 'Spectrum'));
    this.profileBox.append(el('h3', {}, 'Line profile'));
    this.resultsBox.append(el('h3', {}, 'Measurements'), this.results);
    const plotHost = (): HTMLElement => el('div', { className: 'plot-host' });
    const sHost = plotHost();
    const pHost = plotHost();
    this.spectrumBox.append(sHost);
    this.profileBox.append(pHost);
    host.append(this.spectrumBox, this.profileBox, this.resultsBox);
    this.spectrum = new LinePlot(sHost, { testId: 'spectrum-plot', fileName: 'spectrum' });
    this.profile = new LinePlot(pHost, { testId: 'profile-plot', fileName: 'line-profile' });
    for (const ev of ['volume', 'cursor', 'hover', 'shape', 'planes'] as const) state.on(ev, () => this.request());
  }

  private request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  private update(): void {
    const vol = this.state.volume;
    // While a shape is being drawn the dock stays as it is: showing it would resize the views mid-drag.
    if (!this.state.shapeFinal) return;
    const shape = this.state.shape;
    const meta = vol?.info.meta;
    const showSpectrum = !!meta && meta.dims.c > 1 && isHyperspectral(meta);
    this.spectrumBox.hidden = !showSpectrum;
    this.profileBox.hidden = !(vol && shape?.kind === 'line');
    this.resultsBox.hidden = !(vol && shape && shape.kind !== 'line');
    this.host.hidden = this.spectrumBox.hidden && this.profileBox.hidden && this.resultsBox.hidden;
    if (!vol || !meta) return;
    if (vol.planesReceived < vol.planesTotal) return; // measure on complete data only
    if (showSpectrum) this.updateSpectrum(shape);
    if (shape?.kind === 'line') this.updateProfile(shape);
    else if (shape) this.updateResults(shape);
  }

  private updateSpectrum(shape: Shape | null): void {
    const vol = this.state.volume!;
    const meta = vol.info.meta;
    const data = typedView(meta.dtype, vol.sab);
    const p = this.state.hover ?? this.state.cursor;
    const { t, c } = this.state.cursor;
    const values = spectrumAt({ data, dims: meta.dims, dtype: meta.dtype, x: p.x, y: p.y, z: p.z, t });
    const hasWl = meta.channels.every((ch) => ch.wavelength !== null);
    const x = meta.channels.map((ch, i) => (hasWl ? ch.wavelength! : i));
    const series = [{ name: `x ${p.x + 1} y ${p.y + 1}`, x, y: [...values], color: '#4da3ff' }];
    if (shape?.kind === 'rect' && shape.axis === 'xy') {
      const r = spectrumMean({
        data, dims: meta.dims, dtype: meta.dtype, z: this.state.cursor.z, t, ignore: meta.ignoreValue ?? null,
        rect: centreRuleBounds(shape),
      });
      series.push({ name: `mean of ${r.count} px`, x, y: [...r.mean], color: '#ffd84d' });
    }
    const unit = meta.wavelengthUnit ?? '';
    this.spectrum.setData({
      series, xLabel: hasWl ? `wavelength${unit ? ` (${unit})` : ''}` : 'band', yLabel: 'value',
      marker: x[c], markerLabel: `band ${c + 1}`,
    });
  }

  /** Extracts the plane a shape was drawn on, for channel c at the current slice and time. */
  private plane(shape: Shape, c: number): { values: Float32Array; width: number; height: number; pixel: { x: number; y: number } } | null {
    const vol = this.state.volume!;
    const meta = vol.info.meta;
    const size = planeSize(meta.dims, shape.axis);
    const values = new Float32Array(size.width * size.height);
    const cur = this.state.cursor;
    const index = voxelToPlane(shape.axis, cur).slice;
    const ok = extractPlane({
      data: typedView(meta.dtype, vol.sab), dims: meta.dims, dtype: meta.dtype, axis: shape.axis, index, c, t: cur.t,
      planesLoaded: vol.planesReceived, out: values,
    });
    return ok ? { values, ...size, pixel: planePixelSize(meta.spacing, shape.axis) } : null;
  }

  private updateProfile(shape: Shape): void {
    const meta = this.state.volume!.info.meta;
    const channels = this.state.drawnChannels();
    const colors = ['#ff6b6b', '#5fd35f', '#4da3ff', '#d8dde3', '#4dd8d8', '#d84dd8', '#d8d84d'];
    const series = [];
    for (const [i, c] of channels.entries()) {
      const p = this.plane(shape, c);
      if (!p) continue;
      // lineProfile takes ImageJ coordinates (pixel i's value at x = i); the drawn line is in view
      // coordinates (pixel i covers [i, i+1)), so shift by half a pixel to sample what is under the line.
      const prof = lineProfile({ plane: p.values, width: p.width, height: p.height, x0: shape.x0 - 0.5, y0: shape.y0 - 0.5, x1: shape.x1 - 0.5, y1: shape.y1 - 0.5, pixel: p.pixel });
      series.push({ name: meta.channels[c]?.name || `c${c + 1}`, x: [...prof.distance], y: [...prof.values], color: channels.length === 1 ? '#ffd84d' : colors[i % colors.length] });
    }
    this.profile.setData({ series, xLabel: `distance${meta.unit ? ` (${meta.unit})` : ' (px)'}`, yLabel: 'value' });
  }

  private updateResults(shape: Shape): void {
    const meta = this.state.volume!.info.meta;
    const rows: string[][] = [];
    const unit = meta.unit ? `${meta.unit}²` : 'px²';
    for (const c of this.state.drawnChannels()) {
      const p = this.plane(shape, c);
      if (!p) continue;
      const kind = shape.kind === 'ellipse' ? 'ellipse' : 'rect';
      const s = roiStats({ plane: p.values, width: p.width, height: p.height, roi: { kind, x0: shape.x0, y0: shape.y0, x1: shape.x1, y1: shape.y1 }, pixel: p.pixel });
      const f = (n: number): string => String(+n.toPrecision(6));
      rows.push([meta.channels[c]?.name || `c${c + 1}`, f(s.area), String(s.count), f(s.mean), f(s.std), f(s.min), f(s.max)]);
    }
    const head = ['channel', `area (${unit})`, 'pixels', 'mean', 'std', 'min', 'max'];
    this.results.replaceChildren(
      el('tr', {}, ...head.map((h) => el('th', {}, h))),
      ...rows.map((r) => el('tr', {}, ...r.map((v) => el('td', {}, v)))),
    );
  }
}

/**
 * Inclusive voxel bounds of the pixels whose centres lie inside a drawn rectangle: the same rule as the
 * rectangle statistics (app/measure/roi-stats), so "mean of N px" and the Measure table agree.
 */
function centreRuleBounds(s: Shape): { x0: number; y0: number; x1: number; y1: number } {
  const first = (a: number, b: number): number => Math.ceil(Math.min(a, b) - 0.5);
  const last = (a: number, b: number): number => Math.ceil(Math.max(a, b) - 0.5) - 1;
  return { x0: first(s.x0, s.x1), y0: first(s.y0, s.y1), x1: Math.max(first(s.x0, s.x1), last(s.x0, s.x1)), y1: Math.max(first(s.y0, s.y1), last(s.y0, s.y1)) };
}
