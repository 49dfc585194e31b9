import type { MontageRecordSettings } from '../../app/export/montage-record.js';
import { hasPhysicalUnit, lengthText, niceLengthBelow } from '../../app/view/scale-bar.js';
import type { HostClient } from '../client/client.js';
import type { AppState } from '../state/app-state.js';
import { downloadBlob } from '../widgets/dom.js';
import { el, showDialog } from './dialogs.js';

/*
 * *Montage…*: the open file's slices side by side as a PNG, made by the host exactly as `voxelscope
 * montage` makes it (the same file byte for byte, carrying its record for `voxelscope montage --from`),
 * in the colours and range the current channel shows.
 */

const AXIS_OF_VIEW = { xy: 'z', xz: 'y', yz: 'x' } as const;

export function showMontageDialog(client: HostClient, state: AppState): void {
  const layer = state.fileLayer;
  const volume = layer?.voxels;
  if (!layer || !volume?.host) {
    showDialog('Montage', el('p', {}, 'Open a file first: a montage is made of a file the host read.'));
    return;
  }
  const meta = volume.meta;
  const { c, t } = state.cursor;
  const shown = layer.display.channels[c];
  const stats = layer.stats[c];
  const lo = shown && Number.isFinite(shown.mapping.min) ? shown.mapping.min : stats?.min ?? 0;
  const hi = shown && Number.isFinite(shown.mapping.max) ? shown.mapping.max : stats?.max ?? 1;
  const cmap = shown && shown.lut !== 'custom' ? shown.lut : 'gray';
  const m = shown?.mapping;
  const unmapped = [m && m.gamma !== 1 ? 'gamma' : '', m?.log ? 'log scale' : '', m?.invert ? 'inversion' : '', shown?.lut === 'custom' ? 'the custom LUT (gray instead)' : ''].filter(Boolean).join(', ');

  const number = (value: number, min: number, label: string, testid: string): HTMLInputElement => {
    const i = el('input', { type: 'number', min: String(min), step: '1', value: String(value) });
    i.setAttribute('aria-label', label);
    i.dataset.testid = testid;
    return i;
  };
  const choice = (options: string[], value: string, label: string): HTMLSelectElement => {
    const s = el('select', {}, ...options.map((o) => el('option', { value: o, textContent: o })));
    s.value = value;
    s.setAttribute('aria-label', label);
    return s;
  };
  const axis = choice(['z', 'y', 'x'], AXIS_OF_VIEW[state.activeAxis], 'Axis');
  const count = (): number => meta.dims[axis.value as 'x' | 'y' | 'z'];
  const step = number(Math.max(1, Math.ceil(count() / 16)), 1, 'Every Nth slice', 'montage-step');
  const cols = number(4, 1, 'Columns', 'montage-cols');
  const label = choice(['slice', 'position', 'none'], 'slice', 'Labels');
  const border = number(2, 0, 'Border', 'montage-border');
  const across = (): number => (axis.value === 'x' ? meta.dims.y * meta.spacing.y : meta.dims.x * meta.spacing.x);
  const physical = hasPhysicalUnit(meta.unit);
  const bar = el('input', { type: 'number', min: '0', step: 'any', value: physical ? String(niceLengthBelow(across() / 4)) : '' });
  bar.setAttribute('aria-label', 'Scale bar');
  axis.onchange = () => {
    step.value = String(Math.max(1, Math.ceil(count() / 16)));
    if (physical) bar.value = String(niceLengthBelow(across() / 4));
  };
  const status = el('p', { className: 'montage-status' });
  status.dataset.testid = 'montage-status';
  const exportButton = el('button', { textContent: 'Export PNG' });
  exportButton.dataset.testid = 'montage-export';
  exportButton.onclick = () => {
    const every = Math.max(1, Math.round(Number(step.value)));
    const settings: MontageRecordSettings = {
      axis: axis.value as MontageRecordSettings['axis'], start: 0, stop: count(), step: every, cols: Math.max(1, Math.round(Number(cols.value))),
      cmap, range: [lo, hi], border: Math.max(0, Math.round(Number(border.value))), label: label.value as MontageRecordSettings['label'],
      scalebar: Number(bar.value) > 0 ? Number(bar.value) : null, channel: c, time: t,
    };
    exportButton.disabled = true;
    status.textContent = 'Making the montage…';
    void client.call('exportMontage', { volumeId: volume.host!.volumeId, settings }).then(
      ({ name, png }) => {
        downloadBlob(new Blob([Uint8Array.from(atob(png), (ch) => ch.charCodeAt(0))], { type: 'image/png' }), name);
        status.textContent = `Saved ${name}: ${Math.ceil(count() / every)} slices. voxelscope montage --from ${name} makes it again.`;
      },
      (e: Error) => (status.textContent = `The montage failed: ${e.message}`),
    ).finally(() => (exportButton.disabled = false));
  };
  const row = (text: string, input: HTMLElement): HTMLElement => el('label', { className: 'montage-row' }, `${text} `, input);
  const body = el(
    'div', { className: 'montage-dialog' },
    el('p', {}, `${layer.name}: channel ${c + 1}${meta.dims.t > 1 ? `, time point ${t + 1}` : ''}, in ${cmap} from ${lo} to ${hi}, as shown${unmapped ? ` (${unmapped} not applied: a montage maps linearly)` : ''}.`),
    row('Slices across', axis), row('every', step), row('Columns', cols), row('Labels', label), row('Border (px)', border),
    row(`Scale bar${physical ? ` (${lengthText(1, meta.unit).replace(/^1 /, '')})` : ' (voxels)'}`, bar),
    el('div', { className: 'dialog-buttons' }, exportButton), status,
  );
  showDialog('Montage', body);
}
