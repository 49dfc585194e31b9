import { resultCellText } from '../../app/measure/results.js';
import { spectrumAt, spectrumMean } from '../../app/measure/spectrum.js';
import { typedView } from '../../app/model/dtype.js';
import { areaUnit, lengthUnit } from '../../app/model/units.js';
import { drawnLineProfile } from '../../app/measure/profile.js';
import { channelAxis, isHyperspectral, spectrumAxis } from '../../app/view/channel-axis.js';
import type { AppState, Shape } from '../state/app-state.js';
import { channelName, measureShape, shapePlane } from '../state/measure.js';
import { LinePlot } from '../widgets/line-plot.js';
import { el } from './dialogs.js';
import { ResultsTable } from './results-table.js';
import { ObjectTableDock } from './object-table.js';
import type { ObjectTableModel } from '../state/object-table.js';

/**
 * The dock under the views: the spectrum at the cursor (and averaged over a drawn rectangle) for
 * multi-band data, the object table of a label layer, the line profile of a drawn line, Fiji-style Measure statistics of a drawn rectangle
 * or ellipse, and the results table of the measurements taken. Everything is recomputed from the voxels
 * in shared memory (in calibrated values) when the inputs change.
 */
export class MeasureDock {
  private readonly spectrumBox = el('section', { className: 'dock-box', hidden: true });
  private readonly profileBox = el('section', { className: 'dock-box', hidden: true });
  private readonly resultsBox = el('section', { className: 'dock-box', hidden: true });
  private readonly spectrum: LinePlot;
  private readonly profile: LinePlot;
  private readonly spectrumTitle = el('h3', {}, 'Spectrum');
  private readonly results = el('table', { className: 'results' });
  private readonly table: ResultsTable;
  private readonly objects: ObjectTableDock;
  private frame = 0;

  constructor(private readonly host: HTMLElement, private readonly state: AppState, objects: ObjectTableModel) {
    this.spectrumBox.dataset.testid = 'spectrum-box';
    this.profileBox.dataset.testid = 'profile-box';
    this.resultsBox.dataset.testid = 'results-box';
    this.spectrumBox.append(this.spectrumTitle);
    this.profileBox.append(el('h3', {}, 'Line profile'));
    this.resultsBox.append(el('h3', {}, 'Measurements'), this.results);
    const plotHost = (): HTMLElement => el('div', { className: 'plot-host' });
    const sHost = plotHost();
    const pHost = plotHost();
    this.spectrumBox.append(sHost);
    this.profileBox.append(pHost);
    this.table = new ResultsTable(state);
    this.objects = new ObjectTableDock(objects, () => this.request());
    host.append(this.spectrumBox, this.profileBox, this.resultsBox, this.table.box, this.objects.box);
    this.spectrum = new LinePlot(sHost, { testId: 'spectrum-plot', fileName: 'spectrum' });
    this.profile = new LinePlot(pHost, { testId: 'profile-plot', fileName: 'line-profile' });
    for (const ev of ['volume', 'cursor', 'hover', 'shape', 'planes', 'display', 'results'] as const) state.on(ev, () => this.request());
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
    const meta = vol?.meta;
    const showSpectrum = !!meta && meta.dims.c > 1 && isHyperspectral(meta);
    this.spectrumBox.hidden = !showSpectrum;
    this.profileBox.hidden = !(vol && shape?.kind === 'line');
    this.resultsBox.hidden = !(vol && shape && shape.kind !== 'line');
    this.host.hidden = this.spectrumBox.hidden && this.profileBox.hidden && this.resultsBox.hidden && !this.table.hasRows && this.objects.box.hidden;
    if (!vol || !meta) return;
    if (vol.planesReceived < vol.planesTotal) return; // measure on complete data only
    if (showSpectrum) this.updateSpectrum(shape);
    if (shape?.kind === 'line') this.updateProfile(shape);
    else if (shape) this.updateResults(shape);
  }

  private updateSpectrum(shape: Shape | null): void {
    const vol = this.state.volume!;
    const meta = vol.meta;
    const data = typedView(meta.dtype, vol.sab);
    const values = this.state.values();
    const p = this.state.hover ?? this.state.cursor;
    const { t, c } = this.state.cursor;
    const at = spectrumAt({ data, dims: meta.dims, dtype: meta.dtype, x: p.x, y: p.y, z: p.z, t, values });
    const axis = spectrumAxis(meta);
    const x = axis.x;
    const series = [{ name: `x ${p.x + 1} y ${p.y + 1}`, x, y: [...at], color: '#4da3ff' }];
    if (shape?.kind === 'rect' && shape.axis === 'xy') {
      const r = spectrumMean({
        data, dims: meta.dims, dtype: meta.dtype, z: this.state.cursor.z, t, ignore: meta.ignoreValue ?? null, values,
        rect: centreRuleBounds(shape),
      });
      series.push({ name: `mean of ${r.count} px`, x, y: [...r.mean], color: '#ffd84d' });
    }
    this.spectrumTitle.textContent = axis.title;
    this.spectrum.setData({ series, xLabel: axis.label, yLabel: 'value', marker: x[c], markerLabel: `${channelAxis(meta).noun} ${c + 1}` });
  }

  private updateProfile(shape: Shape): void {
    const meta = this.state.volume!.meta;
    const channels = this.state.drawnChannels();
    const colors = ['#ff6b6b', '#5fd35f', '#4da3ff', '#d8dde3', '#4dd8d8', '#d84dd8', '#d8d84d'];
    const series = [];
    for (const [i, c] of channels.entries()) {
      const p = shapePlane(this.state, shape, c);
      if (!p) continue;
      const prof = drawnLineProfile({ plane: p.values, width: p.width, height: p.height, line: shape, pixel: p.pixel });
      series.push({ name: channelName(this.state, c), x: [...prof.distance], y: [...prof.values], color: channels.length === 1 ? '#ffd84d' : colors[i % colors.length] });
    }
    this.profile.setData({ series, xLabel: `distance (${lengthUnit(meta) || 'no unit'})`, yLabel: 'value' });
  }

  private updateResults(shape: Shape): void {
    const meta = this.state.volume!.meta;
    const rows = measureShape(this.state, shape).map((r) => [r.channel, r.area, r.count, r.mean, r.std, r.min, r.max].map(resultCellText));
    const head = ['channel', `area (${areaUnit(meta)})`, 'pixels', 'mean', 'std', 'min', 'max'];
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
