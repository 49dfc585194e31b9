import { Pane } from 'tweakpane';
import { channelAxis, channelDescription } from '../../app/view/channel-axis.js';
import { PaneSync, withTooltip } from './pane-sync.js';
import { inOwnTask } from '../state/settle.js';
import type { AppState } from '../state/app-state.js';

type LayoutChoice = 'xy' | 'xz' | 'yz' | 'ortho';

/**
 * Where we look: layout and interpolation, the crosshair (x, y, z), the channel or band (labelled with
 * its wavelength), and time with play/pause, frame rate and loop. Writes state only.
 */
export class NavigationPanel {
  private pane: Pane | null = null;
  private readonly paneSync = new PaneSync();
  private readonly model = {
    layout: 'xy' as LayoutChoice, interpolation: 'nearest', x: 0, y: 0, z: 0, c: 0, t: 0,
    band: '', time: '', playing: false, fps: 10, loop: true,
  };
  /** The channel description field, for its tooltip (long channel names are cut off). */
  private bandField: HTMLElement | null = null;

  constructor(private readonly container: HTMLElement, private readonly state: AppState) {
    state.on('volume', () => inOwnTask(() => this.rebuild()));
    state.on('cursor', () => this.sync());
    state.on('layout', () => this.sync());
    state.on('playback', () => this.sync());
    this.rebuild();
  }

  private sync(): void {
    const m = this.model;
    const s = this.state;
    Object.assign(m, { x: s.cursor.x, y: s.cursor.y, z: s.cursor.z, c: s.cursor.c, t: s.cursor.t });
    m.layout = s.layout.kind === 'ortho' ? 'ortho' : s.layout.axis;
    m.interpolation = s.layout.interpolation;
    Object.assign(m, { playing: s.playback.playing, fps: s.playback.fps, loop: s.playback.loop });
    const meta = s.volume?.info.meta;
    if (meta) {
      m.band = channelDescription(meta, s.cursor.c);
      if (this.bandField) withTooltip(this.bandField, m.band);
      const dt = meta.spacing.t;
      m.time = `${s.cursor.t + 1} / ${meta.dims.t}` + (meta.timeUnit || dt !== 1 ? ` · ${+(s.cursor.t * dt).toPrecision(6)} ${meta.timeUnit || 'frames'}` : '');
    }
    this.paneSync.refresh(this.pane);
  }

  private rebuild(): void {
    this.pane?.dispose();
    const v = this.state.volume;
    if (!v) {
      this.pane = null;
      return;
    }
    const d = v.info.meta.dims;
    const pane = (this.pane = new Pane({ container: this.container, title: 'View' }));
    pane.element.dataset.testid = 'navigation-panel';
    this.sync();
    const m = this.model;
    const s = this.paneSync.guard(this.state);
    pane.addBinding(m, 'layout', {
      options: { 'XY': 'xy', 'XZ': 'xz', 'YZ': 'yz', 'Orthogonal (XY, XZ, YZ)': 'ortho' },
    }).on('change', (e) => (e.value === 'ortho' ? s.setLayout({ kind: 'ortho' }) : s.setLayout({ kind: 'single', axis: e.value })));
    pane.addBinding(m, 'interpolation', { options: { nearest: 'nearest', linear: 'linear' } })
      .on('change', (e) => s.setLayout({ interpolation: e.value === 'linear' ? 'linear' : 'nearest' }));
    const int = { step: 1 };
    if (d.z > 1) pane.addBinding(m, 'z', { ...int, min: 0, max: d.z - 1 }).on('change', (e) => s.setCursor({ z: e.value }));
    pane.addBinding(m, 'y', { ...int, min: 0, max: d.y - 1 }).on('change', (e) => s.setCursor({ y: e.value }));
    pane.addBinding(m, 'x', { ...int, min: 0, max: d.x - 1 }).on('change', (e) => s.setCursor({ x: e.value }));
    this.bandField = null;
    if (d.c > 1) {
      // Named by what the axis is: channels (slider 'channel', their name), hyperspectral bands ('band',
      // with the wavelength), or an OME modulo axis ('lifetime bin' ...), never 'band' for plain channels.
      const axis = channelAxis(v.info.meta);
      const slider = axis.kind === 'modulo' ? axis.noun : 'channel';
      const field = axis.kind === 'band' ? 'band' : axis.kind === 'modulo' ? axis.modulo!.type : 'name';
      pane.addBinding(m, 'c', { ...int, label: slider, min: 0, max: d.c - 1 }).on('change', (e) => s.setCursor({ c: e.value }));
      this.bandField = pane.addBinding(m, 'band', { readonly: true, label: field }).element;
      withTooltip(this.bandField, m.band);
    }
    if (d.t > 1) {
      const time = pane.addFolder({ title: 'Time' });
      time.addBinding(m, 't', { ...int, label: 'frame', min: 0, max: d.t - 1 }).on('change', (e) => s.setCursor({ t: e.value }));
      time.addBinding(m, 'time', { readonly: true, label: 'time' });
      time.addButton({ title: 'Play / pause (Space)' }).on('click', () => s.setPlayback({ playing: !s.playback.playing }));
      time.addBinding(m, 'playing', { readonly: true });
      time.addBinding(m, 'fps', { min: 1, max: 60, step: 1, label: 'frames/s' }).on('change', (e) => s.setPlayback({ fps: e.value }));
      time.addBinding(m, 'loop').on('change', (e) => s.setPlayback({ loop: e.value }));
    }
  }
}
