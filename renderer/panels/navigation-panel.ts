import { Pane } from 'tweakpane';
import { channelAxis, channelDescription } from '../../app/view/channel-axis.js';
import { PaneSync, withTooltip } from './pane-sync.js';
import { inOwnTask } from '../state/settle.js';
import type { AppState } from '../state/app-state.js';
import { saveConvention } from '../state/view-prefs.js';
import type { ViewFrame } from '../../app/view/view-frame.js';

type LayoutChoice = 'xy' | 'xz' | 'yz' | 'ortho';

/**
 * Where we look: layout and interpolation, left/right convention and scale bar, the crosshair (x, y, z),
 * the channel or band (labelled with its wavelength), and time with play/pause, frame rate and loop.
 * Positions, channels and frames count from 1, as in Fiji (the state counts from 0). Writes state only.
 */
export class NavigationPanel {
  private pane: Pane | null = null;
  private readonly paneSync = new PaneSync();
  private readonly model = {
    layout: 'xy' as LayoutChoice, interpolation: 'nearest', convention: 'radiological', scaleBar: true,
    x: 1, y: 1, z: 1, c: 1, t: 1, band: '', time: '', playing: false, fps: 10, loop: true,
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
    const cur = s.cursor;
    Object.assign(m, { x: cur.x + 1, y: cur.y + 1, z: cur.z + 1, c: cur.c + 1, t: cur.t + 1 });
    m.layout = s.layout.kind === 'ortho' ? 'ortho' : s.layout.axis;
    m.interpolation = s.layout.interpolation;
    m.convention = s.layout.convention;
    m.scaleBar = s.layout.scaleBar;
    Object.assign(m, { playing: s.playback.playing, fps: s.playback.fps, loop: s.playback.loop });
    const meta = s.volume?.meta;
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
    const d = v.meta.dims;
    const pane = (this.pane = new Pane({ container: this.container, title: 'View' }));
    pane.element.dataset.testid = 'navigation-panel';
    this.sync();
    const m = this.model;
    const s = this.paneSync.guard(this.state);
    const frame = this.state.frame;
    pane.addBinding(m, 'layout', { options: layoutOptions(frame) })
      .on('change', (e) => (e.value === 'ortho' ? s.setLayout({ kind: 'ortho' }) : s.setLayout({ kind: 'single', axis: e.value })));
    pane.addBinding(m, 'interpolation', { options: { nearest: 'nearest', linear: 'linear' } })
      .on('change', (e) => s.setLayout({ interpolation: e.value === 'linear' ? 'linear' : 'nearest' }));
    if (frame.anatomical) {
      pane.addBinding(m, 'convention', {
        label: 'left/right', options: { "radiological (patient's R on the left)": 'radiological', "neurological (patient's R on the right)": 'neurological' },
      }).on('change', (e) => {
        const convention = e.value === 'neurological' ? 'neurological' : 'radiological';
        saveConvention(convention);
        s.setLayout({ convention });
      });
    }
    pane.addBinding(m, 'scaleBar', { label: 'scale bar (B)' }).on('change', (e) => s.setLayout({ scaleBar: e.value }));
    // 1-based in the fields, 0-based in the state.
    const index = (n: number) => ({ step: 1, min: 1, max: n });
    if (d.z > 1) pane.addBinding(m, 'z', index(d.z)).on('change', (e) => s.setCursor({ z: e.value - 1 }));
    pane.addBinding(m, 'y', index(d.y)).on('change', (e) => s.setCursor({ y: e.value - 1 }));
    pane.addBinding(m, 'x', index(d.x)).on('change', (e) => s.setCursor({ x: e.value - 1 }));
    this.bandField = null;
    if (d.c > 1) {
      // Named by what the axis is: channels (slider 'channel', their name), hyperspectral bands ('band',
      // with the wavelength), or an OME modulo axis ('lifetime bin' ...), never 'band' for plain channels.
      const axis = channelAxis(v.meta);
      const slider = axis.kind === 'modulo' ? axis.noun : 'channel';
      const field = axis.kind === 'band' ? 'band' : axis.kind === 'modulo' ? axis.modulo!.type : 'name';
      pane.addBinding(m, 'c', { ...index(d.c), label: slider }).on('change', (e) => s.setCursor({ c: e.value - 1 }));
      this.bandField = pane.addBinding(m, 'band', { readonly: true, label: field }).element;
      withTooltip(this.bandField, m.band);
    }
    if (d.t > 1) {
      const time = pane.addFolder({ title: 'Time' });
      time.addBinding(m, 't', { ...index(d.t), label: 'frame' }).on('change', (e) => s.setCursor({ t: e.value - 1 }));
      time.addBinding(m, 'time', { readonly: true, label: 'time' });
      time.addButton({ title: 'Play / pause (Space)' }).on('click', () => s.setPlayback({ playing: !s.playback.playing }));
      time.addBinding(m, 'playing', { readonly: true });
      time.addBinding(m, 'fps', { min: 1, max: 60, step: 1, label: 'frames/s' }).on('change', (e) => s.setPlayback({ fps: e.value }));
      time.addBinding(m, 'loop').on('change', (e) => s.setPlayback({ loop: e.value }));
    }
  }
}

/** The layout list: storage names for microscopy, anatomical names (with the storage plane) for world data. */
function layoutOptions(frame: ViewFrame): Record<string, LayoutChoice> {
  const name = (a: 'xy' | 'xz' | 'yz'): string => {
    const plane = frame.views[a].plane;
    return plane ? `${plane[0].toUpperCase()}${plane.slice(1)} (${a.toUpperCase()})` : a.toUpperCase();
  };
  const options: Record<string, LayoutChoice> = {};
  for (const a of frame.order) options[name(a)] = a;
  options[`Orthogonal (${frame.order.map((a) => frame.views[a].plane ?? a.toUpperCase()).join(', ')})`] = 'ortho';
  return options;
}
