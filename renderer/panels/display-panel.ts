import { Pane, type FolderApi } from 'tweakpane';
import { listColormaps } from '../../app/lut/colormaps.js';
import { valueToUnit } from '../../app/lut/display-mapping.js';
import { COMPLEX_PARTS, type ComplexPart } from '../../app/model/complex.js';
import { componentsPerVoxel } from '../../app/model/dtype.js';
import { channelAxis } from '../../app/view/channel-axis.js';
import { CT_PRESETS, looksLikeCt, presetRange } from '../../app/view/ct.js';
import { trueColor } from '../../app/view/true-color.js';
import type { AppState } from '../state/app-state.js';
import type { ColorMode } from '../../app/model/display.js';
import { setComplexPart } from '../state/channel-stats.js';
import { autoContrastCurrent, resetRange } from '../state/contrast.js';
import { inOwnTask } from '../state/settle.js';
import { HistogramRange } from '../widgets/histogram-range.js';
import { LutEditor } from '../widgets/lut-editor.js';
import { PaneSync } from './pane-sync.js';

/**
 * Display of the current channel, like Fiji's Brightness & Contrast and Channels Tool: colour mode
 * (single / composite / RGB bands), the part shown of complex data, the channel's LUT, min/max in
 * calibrated values, gamma, log and invert, CT windows for CT data, auto-contrast with a saturation
 * percentage, a histogram with draggable range handles, and a custom LUT editor. Writes state only.
 */
export class DisplayPanel {
  private pane: Pane | null = null;
  private readonly histogramHost = document.createElement('div');
  private readonly histogram: HistogramRange;
  private readonly editorBox = document.createElement('details');
  private readonly editor: LutEditor;
  private readonly model = {
    mode: 'single' as ColorMode, visible: true, lut: 'gray', min: 0, max: 1, gamma: 1, log: false, invert: false,
    saturation: 0.35, r: 0, g: 0, b: 0, complexPart: 'magnitude' as ComplexPart,
  };
  private channel = -1;
  /** The custom LUT the list offers, if any. */
  private customShown: string | null = null;
  /** Whether the CT windows are offered (they appear once the statistics show HU data). */
  private ctShown = false;
  private readonly paneSync = new PaneSync();

  constructor(private readonly container: HTMLElement, private readonly state: AppState) {
    this.histogramHost.className = 'histogram-host';
    this.histogram = new HistogramRange(this.histogramHost);
    this.histogram.onRangeChange((min, max) => state.setChannel(state.currentChannel(), {}, { min, max }));
    const summary = document.createElement('summary');
    summary.textContent = 'Custom LUT editor';
    const editorHost = document.createElement('div');
    this.editorBox.append(summary, editorHost);
    this.editorBox.className = 'lut-editor-box';
    this.editor = new LutEditor(editorHost);
    this.editor.onChange((table, lut) => state.setChannel(state.currentChannel(), { lut: 'custom', customTable: table, customName: lut.name }));
    state.on('volume', () => {
      // The last volume's histogram must not stand in for this one's until its statistics are in.
      this.histogram.setHistogram(null);
      inOwnTask(() => this.rebuild());
    });
    state.on('display', () => this.sync());
    state.on('stats', () => (this.isCt() !== this.ctShown ? this.rebuild() : this.sync()));
    state.on('cursor', () => {
      if (state.currentChannel() !== this.channel) this.rebuild();
    });
    this.rebuild();
  }

  private isCt(): boolean {
    const meta = this.state.volume?.meta;
    const st = this.state.stats[0];
    return !!meta && looksLikeCt(meta, st ? { min: st.min, max: st.max } : null);
  }

  private sync(): void {
    const c = this.state.currentChannel();
    const d = this.state.display;
    const ch = d.channels[c];
    if (!ch) return;
    const m = this.model;
    Object.assign(m, { mode: d.mode, visible: ch.visible, lut: ch.lut, saturation: d.saturation, r: d.rgbBands[0], g: d.rgbBands[1], b: d.rgbBands[2], complexPart: d.complexPart });
    Object.assign(m, { min: ch.mapping.min, max: ch.mapping.max, gamma: ch.mapping.gamma, log: ch.mapping.log, invert: ch.mapping.invert });
    // The LUT list holds the channel's custom table only if it had one when built: rebuild to add it.
    const custom = ch.lut === 'custom' ? ch.customName ?? 'unnamed' : null;
    if (custom !== this.customShown && this.pane) {
      queueMicrotask(() => this.rebuild());
      return;
    }
    this.paneSync.refresh(this.pane);
    this.histogram.setHistogram(this.state.stats[c]?.histogram ?? null);
    if (Number.isFinite(ch.mapping.min) && Number.isFinite(ch.mapping.max)) this.histogram.setRange(ch.mapping.min, ch.mapping.max);
    this.histogram.setCurve((v) => valueToUnit(v, ch.mapping));
  }

  private rebuild(): void {
    this.pane?.dispose();
    this.pane = null;
    this.histogramHost.remove();
    this.editorBox.remove();
    const v = this.state.volume;
    if (!v) return;
    const s = this.paneSync.guard(this.state);
    const meta = v.meta;
    const c = (this.channel = this.state.currentChannel());
    const chd = s.display.channels[c];
    this.customShown = chd?.lut === 'custom' ? chd.customName ?? 'unnamed' : null;
    this.ctShown = this.isCt();
    const title = meta.dims.c > 1 ? `Display · ${channelAxis(meta).noun} ${c + 1}${s.display.mode === 'rgb' ? ' (red)' : ''}` : 'Display';
    const pane = (this.pane = new Pane({ container: this.container, title }));
    pane.element.dataset.testid = 'display-panel';
    this.sync();
    const m = this.model;
    if (meta.dims.c > 1) {
      const modes: Record<string, ColorMode> = { 'single channel': 'single', composite: 'composite' };
      if (meta.dims.c >= 3) modes['RGB from 3 bands'] = 'rgb';
      pane.addBinding(m, 'mode', { options: modes }).on('change', (e) => {
        if (e.value !== s.display.mode) {
          s.setDisplay({ mode: e.value });
          // Not inside tweakpane's own change event: disposing the pane there breaks it.
          queueMicrotask(() => this.rebuild());
        }
      });
      if (s.display.mode === 'composite') pane.addBinding(m, 'visible', { label: 'shown' }).on('change', (e) => s.setChannel(c, { visible: e.value }));
    }
    if (componentsPerVoxel(meta.dtype) === 2) {
      const parts = Object.fromEntries(COMPLEX_PARTS.map((p) => [p, p]));
      pane.addBinding(m, 'complexPart', { label: 'complex', options: parts }).on('change', (e) => {
        if (e.value !== this.state.display.complexPart) queueMicrotask(() => setComplexPart(s, e.value));
      });
    }
    if (s.display.mode === 'rgb') this.addRgbBands(pane, meta.dims.c);
    else {
      const options: Record<string, string> = {};
      const ch = s.display.channels[c];
      if (ch?.customTable) options[`custom: ${ch.customName ?? 'unnamed'}`] = 'custom';
      for (const cm of listColormaps()) options[cm.family === 'gray' ? cm.name : `${cm.name} (${cm.family})`] = cm.name;
      pane.addBinding(m, 'lut', { label: 'LUT', options }).on('change', (e) => {
        if (e.value !== s.display.channels[c]?.lut) s.setChannel(c, { lut: e.value });
      });
    }
    // Next to min and max, which they set.
    if (this.ctShown) {
      const ct = pane.addFolder({ title: 'CT window (HU)' });
      ct.element.dataset.testid = 'ct-presets';
      for (const p of CT_PRESETS) {
        const b = ct.addButton({ title: p.name, label: `W ${p.width} L ${p.level}` });
        b.element.title = `${p.name} window: width ${p.width} HU, level ${p.level} HU`;
        b.on('click', () => s.setChannel(c, {}, presetRange(p)));
      }
    }
    const num = (key: 'min' | 'max' | 'gamma'): void => {
      // Values as the data has them (no fixed two decimals): 1550, 0.00123, 6.02e+23.
      const opts = key === 'gamma' ? { min: 0.1, max: 5, step: 0.01 } : { format: (v: number) => String(+v.toPrecision(6)) };
      pane.addBinding(m, key, opts).on('change', (e) => {
        if (e.value !== s.display.channels[c]?.mapping[key]) s.setChannel(c, {}, { [key]: e.value });
      });
    };
    num('min');
    num('max');
    num('gamma');
    pane.addBinding(m, 'log', { label: 'log scale' }).on('change', (e) => s.setChannel(c, {}, { log: e.value }));
    pane.addBinding(m, 'invert').on('change', (e) => s.setChannel(c, {}, { invert: e.value }));
    pane.addBinding(m, 'saturation', { label: 'saturated %', min: 0, max: 10, step: 0.05 }).on('change', (e) => s.setDisplay({ saturation: e.value }));
    pane.addButton({ title: 'Auto (A)' }).on('click', () => autoContrastCurrent(s));
    pane.addButton({ title: 'Reset to data range' }).on('click', () => resetRange(s));
    this.container.append(this.histogramHost, this.editorBox);
  }

  /** The band sliders of RGB mode, and the true-colour preset (or why there is none). */
  private addRgbBands(pane: Pane, count: number): void {
    const s = this.paneSync.guard(this.state);
    const meta = this.state.volume!.meta;
    const bands: FolderApi = pane.addFolder({ title: 'RGB bands' });
    const opt = { min: 0, max: count - 1, step: 1 };
    const setBand = (i: 0 | 1 | 2, b: number): void => {
      const rgbBands = [...s.display.rgbBands] as [number, number, number];
      rgbBands[i] = b;
      s.setDisplay({ rgbBands });
    };
    bands.addBinding(this.model, 'r', { ...opt, label: 'red' }).on('change', (e) => setBand(0, e.value));
    bands.addBinding(this.model, 'g', { ...opt, label: 'green' }).on('change', (e) => setBand(1, e.value));
    bands.addBinding(this.model, 'b', { ...opt, label: 'blue' }).on('change', (e) => setBand(2, e.value));
    const tc = trueColor(meta.channels.map((ch) => ch.wavelength), meta.wavelengthUnit ?? null);
    const button = bands.addButton({ title: 'True colour (640/550/460 nm)', disabled: !tc.bands });
    button.element.dataset.testid = 'true-colour';
    if (tc.bands) {
      const preset = tc.bands;
      button.on('click', () => s.setDisplay({ rgbBands: preset }));
    } else {
      // A disabled button says nothing by itself: the reason is its tooltip and a line under it.
      const why = `No true colour: ${tc.reason}.`;
      button.element.title = why;
      const note = document.createElement('div');
      note.className = 'pane-note';
      note.dataset.testid = 'true-colour-reason';
      note.textContent = why;
      button.element.after(note);
    }
  }
}
