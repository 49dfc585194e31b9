import type { ContractError, OpenResult } from '../app/ipc/contract.js';
import type { PreloadApi } from '../app/ipc/names.js';
import { createClient, HostCallError, type HostClient } from './client/client.js';
import { electronTransport, httpTransport } from './client/transport.js';
import { DisplayPanel } from './panels/display-panel.js';
import { NavigationPanel } from './panels/navigation-panel.js';
import { VolumePanel } from './panels/volume-panel.js';
import { AppState } from './state/app-state.js';
import { defaultDisplay } from './state/display-defaults.js';
import { datasetKey, loadDisplay, saveDisplay } from './state/persist.js';
import { installPlayback } from './state/playback.js';
import { beginWork } from './state/settle.js';
import { VolumeData } from './state/volume-data.js';
import { el, showDialog } from './ui/dialogs.js';
import { browseForFile } from './ui/file-browser.js';
import { installKeyboard, SHORTCUTS } from './ui/keyboard.js';
import { MeasureDock } from './ui/measure-dock.js';
import { mountReadout } from './ui/readout.js';
import { mountStatusBar } from './ui/status-bar.js';
import { mountToolbar } from './ui/toolbar.js';
import { mountColorbar } from './views/colorbar-overlay.js';
import { stepSlice } from './views/view-input.js';
import { ViewGrid } from './views/view-grid.js';
import { sliceCount, voxelToPlane } from '../app/view/planes.js';
import { fillRangesFromFirstPlanes } from './state/initial-range.js';
import { channelStatsInWorker } from './workers/channel-stats-client.js';

declare global {
  interface Window {
    voxelscope?: PreloadApi;
  }
}

const release = beginWork();
const state = new AppState();
const client: HostClient = createClient(window.voxelscope ? electronTransport(window.voxelscope) : httpTransport());
let loading: { id: string; abort: AbortController } | null = null;
/** Unsubscribes the previous volume's settings saver. */
let stopSaving = (): void => undefined;

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;

const grid = new ViewGrid($('#views'), state);
new VolumePanel($('#panel'), state);
new NavigationPanel($('#panel'), state);
new DisplayPanel($('#panel'), state);
new MeasureDock($('#dock'), state);
mountReadout($('#readout'), state);
mountToolbar($('#toolbar'), state);
mountColorbar($('#colorbar'), state);
const playback = installPlayback(state);
// Benchmark hooks for `voxelscope bench` (Playwright): the state, to script changes without the mouse,
// and counters to sample. Page scripts could reach all of this through the DOM anyway; nothing here
// talks to the host.
Object.assign(window, { __voxelscope: { state, framesShown: playback.framesShown, lastDrawMs: () => grid.activeCell().lastDrawMs } });
mountStatusBar($('#statusbar'), state, (id) => void cancelLoad(id));
state.on('volume', (v) => {
  $('#file-name').textContent = v ? v.info.sourceName : '';
  $('#empty-hint').hidden = !!v;
});

/** Shows a volume the host opened: streams its voxels into shared memory, first planes first. */
async function show(r: OpenResult): Promise<void> {
  if (loading) await cancelLoad(loading.id);
  const old = state.volume;
  if (old) void client.call('closeVolume', { volumeId: old.info.volumeId }).catch(() => undefined);
  const data = new VolumeData(r);
  const key = datasetKey(r);
  state.setVolume(data, loadDisplay(key, r.meta.dims.c) ?? defaultDisplay(r.meta));
  stopSaving();
  stopSaving = state.on('display', (d) => state.volume === data && saveDisplay(key, d));
  const abort = new AbortController();
  loading = { id: r.volumeId, abort };
  const done = beginWork();
  const t0 = performance.now();
  let firstShown = false;
  try {
    await data.stream((planes) => {
      fillRangesFromFirstPlanes(state, data);
      if (!firstShown) {
        firstShown = true;
        document.documentElement.dataset.firstSliceMs = String(Math.round(performance.now() - t0));
      }
      state.emit('planes', planes);
      state.setProgress({ volumeId: r.volumeId, fraction: planes / data.planesTotal, text: `Loading ${r.sourceName}: ${planes} of ${data.planesTotal} planes` });
    }, abort.signal);
    state.setProgress(null);
    const stats = await channelStatsInWorker(data.sab, r.meta.dims, r.meta.dtype);
    if (state.volume === data) {
      state.setStats(stats);
      // Channels without a range from the file (or saved settings) get the data's full range, as in napari.
      stats.forEach((st, c) => {
        const m = state.display.channels[c]?.mapping;
        if (m && (data.rangeGuessed[c] || !Number.isFinite(m.min) || !Number.isFinite(m.max))) {
          state.setChannel(c, {}, { min: st.min, max: st.max > st.min ? st.max : st.min + 1 });
        }
      });
      state.status(`${r.sourceName}: ${describeDims(r)} loaded in ${Math.round(performance.now() - t0)} ms`);
    }
  } catch (e) {
    state.setProgress(null);
    if (abort.signal.aborted) state.status(`Loading ${r.sourceName} cancelled; ${data.planesReceived} of ${data.planesTotal} planes are shown`);
    else state.status((e as Error).message, 'error');
  } finally {
    if (loading?.id === r.volumeId) loading = null;
    done();
  }
}

async function cancelLoad(volumeId: string): Promise<void> {
  if (loading?.id === volumeId) loading.abort.abort();
  await client.call('cancelLoad', { volumeId }).catch(() => undefined);
}

function describeDims(r: OpenResult): string {
  const d = r.meta.dims;
  return `${d.x}x${d.y}x${d.z}${d.c > 1 ? `x${d.c}c` : ''}${d.t > 1 ? `x${d.t}t` : ''} ${r.meta.dtype}`;
}

/** Runs an open call and shows the result, or tells the user why it failed. */
async function openWith(what: string, call: () => Promise<OpenResult | null>): Promise<void> {
  const done = beginWork();
  state.status(`Opening ${what}...`);
  try {
    const r = await call();
    if (r) await show(r);
    else state.status('');
  } catch (e) {
    showOpenError(what, e instanceof HostCallError ? e.error : { code: 'internal', message: (e as Error).message });
  } finally {
    done();
  }
}

/** Why an open failed, whether a call returned it or the host reported it (openFailed). */
function showOpenError(what: string, error: ContractError): void {
  state.status(error.message, 'error');
  if (error.code === 'over-budget' && error.detail) offerReducedLoad(what, error.message, error.detail);
  else showDialog('Could not open the file', el('p', { className: 'error' }, error.message));
}

/** Too big for memory: offer every n-th plane (and binning) instead of freezing the machine. */
function offerReducedLoad(what: string, msg: string, d: NonNullable<ContractError['detail']>): void {
  const { zStep, xyBin } = d.suggestion;
  const label = `Open every ${zStep === 1 ? '' : ordinal(zStep) + ' '}plane${xyBin > 1 ? `, ${xyBin}x${xyBin} binned` : ''}`;
  showDialog('Too large for the memory budget', el('p', {}, msg), [
    { label: 'Cancel' },
    { label, action: () => void openWith(what, () => client.call('openRecent', { id: d.recentId, plan: { zStep, xyBin } })) },
  ]);
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

async function openFile(): Promise<void> {
  const info = await appInfo;
  if (info.canPickFiles) return openWith('file', () => client.call('openDialog', {}));
  browseForFile(client, (path) => void openWith(path, () => client.call('openBrowsed', { path })));
}

async function openRecent(): Promise<void> {
  const recent = await client.call('recentList', {});
  const list = el('ul', { className: 'file-list' });
  let close = (): void => undefined;
  for (const r of recent) {
    const b = el('button', { className: 'file-entry file', title: r.path }, r.name);
    b.onclick = () => {
      close();
      void openWith(r.name, () => client.call('openRecent', { id: r.id }));
    };
    list.append(el('li', {}, b));
  }
  if (!recent.length) list.append(el('li', {}, 'No recent files yet.'));
  close = showDialog('Open recent', list);
}

const appInfo = client.call('appInfo', {});

async function about(): Promise<void> {
  const info = await appInfo;
  const rows = [
    `Voxelscope ${info.version} (${info.host === 'electron' ? 'desktop app' : 'browser host'})`,
    ...Object.entries(info.versions).map(([k, v]) => `${k} ${v}`),
    `cross-origin isolated: ${String(crossOriginIsolated)}`,
    `memory budget: ${(info.memoryBudget / 2 ** 30).toFixed(1)} GiB per volume`,
  ];
  showDialog('About Voxelscope', el('pre', { className: 'about' }, rows.join('\n')));
}

// Drag and drop: Electron's preload turns the drop into paths itself; in the browser we upload.
window.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
window.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
window.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  const files = [...(e.dataTransfer?.files ?? [])];
  if (!files.length || !client.upload) return;
  const upload = client.upload;
  void openWith(files[0].name, async () => {
    const { dropId, primary } = await upload(files);
    return client.call('openDropped', { dropId, name: primary });
  });
});

client.on('opened', (r) => void show(r));
client.on('openFailed', ({ name, error }) => showOpenError(name, error));
client.on('loadDone', (d) => {
  if (d.status === 'error') state.status(d.message ?? 'loading failed', 'error');
});
client.on('command', ({ command }) => {
  if (command === 'open') void openFile();
  else if (command === 'about') void about();
  else if (command === 'close' && state.volume) {
    void client.call('closeVolume', { volumeId: state.volume.info.volumeId });
    state.setVolume(null);
  }
});

$('#open-button').onclick = () => void openFile();
$('#recent-button').onclick = () => void openRecent();
$('#about-button').onclick = () => void about();
installKeyboard(state, {
  open: () => void openFile(),
  slice: (n, page, edge) => {
    const cell = grid.activeCell();
    const d = state.volume?.info.meta.dims;
    if (!d) return;
    const count = sliceCount(d, cell.axis);
    const cur = voxelToPlane(cell.axis, state.cursor).slice;
    const step = edge === 'first' ? -cur : edge === 'last' ? count - 1 - cur : page ? n * Math.max(1, Math.round(count / 10)) : n;
    stepSlice(state, cell.axis, step);
  },
  zoom: (f) => grid.activeCell().zoomCentered(f),
  fit: () => grid.activeCell().setTransform(null),
});
$('#help-button').onclick = () => showShortcuts();

function showShortcuts(): void {
  const rows = SHORTCUTS.map(([k, what]) => el('tr', {}, el('td', {}, el('kbd', {}, k)), el('td', {}, what)));
  const mouse = [
    ['left click / drag', 'move the crosshair (navigate) or draw (line, rectangle, ellipse tools)'],
    ['right drag', 'window / level of the current channel'],
    ['middle drag, Alt + drag', 'pan'],
  ].map(([k, what]) => el('tr', {}, el('td', {}, k), el('td', {}, what)));
  showDialog('Keyboard and mouse', el('table', { className: 'shortcuts' }, ...rows, ...mouse));
}

appInfo.then(
  (info) => {
    document.documentElement.dataset.host = info.host;
    state.status(`Ready. ${info.canPickFiles ? 'Open a file (Ctrl+O)' : 'Open a file from the served folder (Ctrl+O)'} or drop one here.`);
    release();
  },
  (e: Error) => {
    state.status(`Cannot reach the host: ${e.message}`, 'error');
    release();
  },
);
