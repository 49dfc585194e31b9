import { Pane } from 'tweakpane';
import type { AppState } from '../state/app-state.js';

/**
 * The side panel: what the open volume is, and where in it we look. It writes state and never touches
 * a view; it is rebuilt for each volume so its sliders have that volume's extents.
 */
export class VolumePanel {
  private pane: Pane | null = null;
  private readonly pos = { z: 0, c: 0, t: 0 };
  private readonly range = { min: 0, max: 1 };

  constructor(private readonly container: HTMLElement, private readonly state: AppState) {
    state.on('volume', () => this.rebuild());
    state.on('position', (p) => {
      Object.assign(this.pos, p);
      this.pane?.refresh();
    });
    state.on('range', (r) => {
      Object.assign(this.range, r);
      this.pane?.refresh();
    });
    this.rebuild();
  }

  private rebuild(): void {
    this.pane?.dispose();
    const pane = (this.pane = new Pane({ container: this.container, title: 'Volume' }));
    const v = this.state.volume;
    if (!v) {
      pane.addBlade({ view: 'text', label: 'file', parse: (s: string) => s, value: 'none open' });
      return;
    }
    const m = v.info.meta;
    const d = m.dims;
    const info = {
      file: v.info.sourceName,
      format: m.format,
      size: `${d.x} x ${d.y} x ${d.z}` + (d.c > 1 ? `, ${d.c} ch` : '') + (d.t > 1 ? `, ${d.t} t` : ''),
      type: m.dtype,
      voxel: `${fmt(m.spacing.x)} x ${fmt(m.spacing.y)} x ${fmt(m.spacing.z)} ${m.unit || '(no unit)'}`,
      memory: megabytes(v.info.byteLength),
    };
    const about = pane.addFolder({ title: 'File' });
    for (const key of Object.keys(info) as (keyof typeof info)[]) about.addBinding(info, key, { readonly: true });
    Object.assign(this.pos, this.state.position);
    const nav = pane.addFolder({ title: 'Position' });
    if (d.z > 1) nav.addBinding(this.pos, 'z', { min: 0, max: d.z - 1, step: 1 }).on('change', (e) => this.state.setPosition({ z: e.value }));
    if (d.c > 1) nav.addBinding(this.pos, 'c', { label: 'channel', min: 0, max: d.c - 1, step: 1 }).on('change', (e) => this.state.setPosition({ c: e.value }));
    if (d.t > 1) nav.addBinding(this.pos, 't', { label: 'time', min: 0, max: d.t - 1, step: 1 }).on('change', (e) => this.state.setPosition({ t: e.value }));
    const disp = pane.addFolder({ title: 'Display' });
    Object.assign(this.range, this.state.range);
    disp.addBinding(this.range, 'min').on('change', (e) => e.last && this.state.setRange({ ...this.range }));
    disp.addBinding(this.range, 'max').on('change', (e) => e.last && this.state.setRange({ ...this.range }));
  }
}

function megabytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  return n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

function fmt(n: number): string {
  return String(+n.toPrecision(6));
}
