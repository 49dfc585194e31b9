import { Pane } from 'tweakpane';
import type { AppState } from '../state/app-state.js';

/**
 * What the open volume is: file, format, size, type, voxel size and memory, shown with the header
 * before the voxels arrive. Rebuilt for each volume.
 */
export class VolumePanel {
  private pane: Pane | null = null;

  constructor(private readonly container: HTMLElement, private readonly state: AppState) {
    state.on('volume', () => this.rebuild());
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
  }
}

function megabytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  return n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

function fmt(n: number): string {
  return String(+n.toPrecision(6));
}
