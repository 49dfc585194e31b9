import { Pane } from 'tweakpane';
import { activeScaling } from '../../app/model/calibration.js';
import { spacingText } from '../../app/model/units.js';
import { formatBytes } from '../../app/text/format.js';
import { channelAxis } from '../../app/view/channel-axis.js';
import type { AppState } from '../state/app-state.js';
import { withTooltip } from './pane-sync.js';

/**
 * What the open volume is: file, format, size, type, voxel size (in the unit the file declares) and
 * memory, the intensity calibration, and the reader's warnings, shown with the header before the voxels
 * arrive. Long values are wrapped off with an ellipsis and shown whole in their tooltip. Rebuilt for
 * each volume.
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
    pane.element.dataset.testid = 'volume-panel';
    const v = this.state.volume;
    if (!v) {
      pane.addBlade({ view: 'text', label: 'file', parse: (s: string) => s, value: 'none open' });
      return;
    }
    const m = v.meta;
    const d = m.dims;
    const axis = channelAxis(m);
    const scaling = activeScaling(m.scaling);
    const info: Record<string, string> = {
      file: v.name,
      format: m.format,
      size: `${d.x} x ${d.y} x ${d.z}` + (d.c > 1 ? `, ${d.c} ${axis.kind === 'channel' ? 'ch' : `${axis.noun}s`}` : '') + (d.t > 1 ? `, ${d.t} t` : ''),
      type: m.dtype,
      voxel: spacingText(m),
      ...(scaling ? { values: `stored × ${scaling.slope} ${scaling.inter < 0 ? '−' : '+'} ${Math.abs(scaling.inter)}` } : {}),
      memory: formatBytes(v.byteLength),
    };
    const about = pane.addFolder({ title: 'File' });
    for (const key of Object.keys(info)) withTooltip(about.addBinding(info, key, { readonly: true }).element, info[key]);
    if (m.warnings.length) {
      const warn = pane.addFolder({ title: `Warnings (${m.warnings.length})` });
      warn.element.dataset.testid = 'volume-warnings';
      const list = document.createElement('ul');
      list.className = 'pane-warnings';
      for (const w of m.warnings) list.append(Object.assign(document.createElement('li'), { textContent: w, title: w }));
      warn.element.querySelector('.tp-fldv_c')?.append(list);
    }
  }
}
