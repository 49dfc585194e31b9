import type { PreloadApi } from '../app/ipc/names.js';
import { formatBytes } from '../app/text/format.js';
import { sliceCount, voxelToPlane } from '../app/view/planes.js';
import { createClient, type HostClient } from './client/client.js';
import { electronTransport, httpTransport } from './client/transport.js';
import { DisplayPanel } from './panels/display-panel.js';
import { NavigationPanel } from './panels/navigation-panel.js';
import { VolumePanel } from './panels/volume-panel.js';
import { AppState } from './state/app-state.js';
import { measureCurrent } from './state/measure.js';
import { installPlayback } from './state/playback.js';
import { beginWork } from './state/settle.js';
import { ChannelList } from './ui/channel-list.js';
import { LayerList } from './ui/layer-list.js';
import { PipelinePanel } from './ui/pipeline-panel.js';
import { runButton, showRunDialog } from './ui/run-dialog.js';
import { showMontageDialog } from './ui/montage-dialog.js';
import { Applier } from './ui/apply.js';
import { PreviewEngine } from './preview/preview-engine.js';
import { jobs } from './workers/jobs.js';
import { loadConvention } from './state/view-prefs.js';
import { el, showDialog } from './ui/dialogs.js';
import { installDropOverlay } from './ui/drop-overlay.js';
import { installKeyboard, SHORTCUTS } from './ui/keyboard.js';
import { Loader } from './ui/loader.js';
import { MeasureDock } from './ui/measure-dock.js';
import { ObjectTableModel } from './state/object-table.js';
import { installTestHooks, testHooksWanted } from './ui/test-hooks.js';
import { mountReadout } from './ui/readout.js';
import { mountStatusBar } from './ui/status-bar.js';
import { mountToolbar } from './ui/toolbar.js';
import { mountColorbar } from './views/colorbar-overlay.js';
import { stepSlice } from './views/view-input.js';
import { ViewGrid } from './views/view-grid.js';

declare global {
  interface Window {
    voxelscope?: PreloadApi;
  }
}

const release = beginWork();
dropTokenFromAddress();
const state = new AppState();
state.setLayout({ convention: loadConvention() });
const client: HostClient = createClient(window.voxelscope ? electronTransport(window.voxelscope) : httpTransport());
const appInfo = client.call('appInfo', {});
const loader = new Loader(state, client, appInfo);

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;

const grid = new ViewGrid($('#views'), state);
// One slot per panel: panels rebuild their panes in their own time, and the slots keep the order.
const slot = (): HTMLElement => $('#panel').appendChild(document.createElement('div'));
new VolumePanel(slot(), state);
new NavigationPanel(slot(), state);
new LayerList(slot(), state);
new ChannelList(slot(), state);
new DisplayPanel(slot(), state);
state.previewSource = new PreviewEngine(state, jobs);
const applier = new Applier(state);
const pipelinePanel = new PipelinePanel(slot(), state, applier);
const runOnFiles = (): void => {
  if (state.pipeline.steps.length) void appInfo.then((info) => showRunDialog(client, state, info));
};
pipelinePanel.actions.append(runButton(runOnFiles, state));
const objects = new ObjectTableModel(state, jobs);
new MeasureDock($('#dock'), state, objects);
mountReadout($('#readout'), state);
mountToolbar($('#toolbar'), state);
mountColorbar($('#colorbar'), state);
const playback = installPlayback(state);
// Hooks for the end-to-end tests and `voxelscope bench` (Playwright), only on a page asked for with
// ?voxelscope-test: the state, to script changes without the mouse, and counters to sample.
if (testHooksWanted()) {
  installTestHooks(state, objects);
  Object.assign(window, { __voxelscope: { state, framesShown: playback.framesShown, lastDrawMs: () => grid.activeCell().lastDrawMs } });
}
mountStatusBar($('#statusbar'), state);
state.on('volume', (v) => {
  $('#file-name').textContent = $('#file-name').title = v ? v.name : '';
  $('#empty-hint').hidden = !!v;
});

async function about(): Promise<void> {
  const info = await appInfo;
  const rows = [
    `Voxelscope ${info.version} (${info.host === 'electron' ? 'desktop app' : 'browser host'})`,
    ...Object.entries(info.versions).map(([k, v]) => `${k} ${v}`),
    `cross-origin isolated: ${String(crossOriginIsolated)}`,
    `memory budget: ${formatBytes(info.memoryBudget)} for all open volumes`,
  ];
  showDialog('About Voxelscope', el('pre', { className: 'about' }, rows.join('\n')));
}

// Drag and drop: Electron's preload turns the drop into paths itself; in the browser we upload.
installDropOverlay($('#drop-overlay'), (files) => loader.openDropped(files));

client.on('opened', (r) => void loader.show(r));
client.on('openFailed', ({ name, error }) => loader.reportOpenFailure(name, error));
client.on('command', ({ command }) => {
  if (command === 'open') void loader.openFile();
  else if (command === 'about') void about();
  else if (command === 'close') loader.close();
});

$('#open-button').onclick = () => void loader.openFile();
$('#recent-button').onclick = () => void loader.openRecent();
$('#about-button').onclick = () => void about();
installKeyboard(state, {
  open: () => void loader.openFile(),
  slice: (n, page, edge) => {
    const cell = grid.activeCell();
    const d = state.volume?.meta.dims;
    if (!d) return;
    const count = sliceCount(d, cell.axis);
    const cur = voxelToPlane(cell.axis, state.cursor).slice;
    const step = edge === 'first' ? -cur : edge === 'last' ? count - 1 - cur : page ? n * Math.max(1, Math.round(count / 10)) : n;
    stepSlice(state, cell.axis, step);
  },
  zoom: (f) => grid.activeCell().zoomCentered(f),
  measure: () => measureCurrent(state),
  fit: () => grid.activeCell().setTransform(null),
  focusView: () => grid.activeCell().el.focus({ preventScroll: true }),
  undo: () => applier.undo(),
  runOnFiles,
  montage: () => showMontageDialog(client, state),
}, [$('#panel')]);
$('#montage-button').onclick = () => showMontageDialog(client, state);
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

/**
 * The browser host's URL carries the per-run token once, to set its cookie; take it out of the address
 * bar and the history so it is not copied, bookmarked or shown.
 */
function dropTokenFromAddress(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}
