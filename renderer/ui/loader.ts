import type { ContractError, LoadPlan, OpenResult, Response } from '../../app/ipc/contract.js';
import { ordinal } from '../../app/text/format.js';
import { HostCallError, type HostClient } from '../client/client.js';
import type { AppState } from '../state/app-state.js';
import { defaultDisplay } from '../state/display-defaults.js';
import { applyChannelStats } from '../state/channel-stats.js';
import { fillRangesFromFirstPlanes } from '../state/initial-range.js';
import { datasetKey, displaySaver, loadDisplay } from '../state/persist.js';
import { beginWork } from '../state/settle.js';
import { LoadFailedError, streamFromHost } from '../state/host-stream.js';
import { VolumeData } from '../state/volume-data.js';
import { channelStatsInWorker, startChannelStats, type ChannelStatsJob } from '../workers/channel-stats-client.js';
import type { ValueMapping } from '../../app/model/calibration.js';
import type { VolumeMeta } from '../../app/model/volume.js';
import { el, showDialog } from './dialogs.js';
import { browseForFile } from './file-browser.js';
import { followPlanesOnScreen } from './load-priority.js';

/** What every open call takes: a reduced load, and the volume the new one replaces. */
type OpenOptions = { plan?: Partial<LoadPlan>; replaces?: string };
/** An open call; called again with a reduced plan when the first try was over the memory budget. */
type Opener = (o: OpenOptions) => Promise<OpenResult | null>;

/**
 * The load workflow: opening files from every source, streaming the voxels in, Cancel, and telling the
 * user clearly when something could not be opened or read. One volume is shown at a time; opening
 * another replaces it (the host frees the old one's memory first).
 */
export class Loader {
  private loading: { id: string; abort: AbortController } | null = null;
  /** Unsubscribes the previous volume's settings saver. */
  private stopSaving = (): void => undefined;

  constructor(private readonly state: AppState, private readonly client: HostClient, private readonly appInfo: Promise<Response<'appInfo'>>) {}

  /** Runs an open call and shows the result, or tells the user why it failed. */
  async open(what: string, call: Opener, plan?: Partial<LoadPlan>): Promise<void> {
    const done = beginWork();
    this.state.status(`Opening ${what}...`);
    try {
      const r = await call({ plan, replaces: this.state.fileLayer?.voxels.host?.volumeId });
      if (r) await this.show(r);
      else this.state.status('');
    } catch (e) {
      this.reportOpenFailure(what, e instanceof HostCallError ? e.error : { code: 'internal', message: (e as Error).message }, call);
    } finally {
      done();
    }
  }

  /**
   * The one way an open failure reaches the user, whichever source it came from: a dialog naming the
   * file and the problem; over the budget, an offer to open a reduced load instead.
   */
  reportOpenFailure(what: string, error: ContractError, retry?: Opener): void {
    this.state.status(error.message, 'error');
    const d = error.code === 'over-budget' ? error.detail : undefined;
    if (!d) {
      showDialog('Could not open the file', el('p', { className: 'error' }, error.message));
      return;
    }
    const { zStep, xyBin } = d.suggestion;
    const reopen: Opener = d.recentId ? (o) => this.client.call('openRecent', { id: d.recentId, ...o }) : retry!;
    const label = `Open every ${zStep === 1 ? '' : ordinal(zStep) + ' '}plane${xyBin > 1 ? `, ${xyBin}x${xyBin} binned` : ''}`;
    showDialog('Too large for the memory budget', el('p', {}, error.message), [
      { label: 'Cancel' },
      ...(reopen ? [{ label, action: () => void this.open(what, reopen, { zStep, xyBin }) }] : []),
    ]);
  }

  /** Shows a volume the host opened: streams its voxels into shared memory, first planes first. */
  async show(r: OpenResult): Promise<void> {
    const { state, client } = this;
    if (this.loading) await this.cancel(this.loading.id);
    const old = state.fileLayer?.voxels.host?.volumeId;
    // An open call that replaced the old volume had the host close it already; a volume the host opened
    // on its own (command line, menu) takes its place here.
    if (old && old !== r.volumeId) void client.call('closeVolume', { volumeId: old }).catch(() => undefined);
    const abort = new AbortController();
    this.loading = { id: r.volumeId, abort };
    const done = beginWork();
    const t0 = performance.now();
    // The voxels are asked for first: they travel while the panels are rebuilt for the new volume.
    const response = client.stream(r.dataUrl, abort.signal);
    response.catch(() => undefined);
    const data = new VolumeData(r.meta, r.sourceName, { volumeId: r.volumeId, dataUrl: r.dataUrl, fileSize: r.fileSize });
    const key = datasetKey(data);
    this.stopSaving(); // saves what is pending for the volume on screen until now
    state.setVolume(data, loadDisplay(key, r.meta) ?? defaultDisplay(r.meta));
    this.stopSaving = displaySaver(state, state.fileLayer!, key);
    // The slice on screen comes first, wherever the user moves while the rest streams in.
    const stopFollowing = followPlanesOnScreen(state, client, data);
    let firstShown = false;
    // Statistics are built as the planes arrive, so little is left to do once the last one is in.
    const values = state.values();
    const stats = startChannelStats(data.sab, r.meta.dims, r.meta.dtype, values);
    try {
      const res = await response;
      await streamFromHost(data, res, (planes) => {
        fillRangesFromFirstPlanes(state, data);
        if (!firstShown) {
          firstShown = true;
          document.documentElement.dataset.firstSliceMs = String(Math.round(performance.now() - t0));
        }
        state.emit('planes', planes);
        state.setProgress({ fraction: planes / data.planesTotal, text: `Loading ${r.sourceName}: ${planes} of ${data.planesTotal} planes`, cancel: () => void this.cancel(r.volumeId) });
      }, abort.signal, (first, count) => stats.arrived(first, count));
      state.setProgress(null);
      // For the load benchmark: when the last voxel arrived, apart from the statistics after it.
      document.documentElement.dataset.streamMs = String(Math.round(performance.now() - t0));
      await this.finishLoad(data, t0, stats, values);
    } catch (e) {
      stats.cancel();
      state.setProgress(null);
      if (e instanceof LoadFailedError) this.loadFailed(data, e.message);
      else if (abort.signal.aborted || (e as Error).name === 'AbortError') {
        state.status(`Loading ${r.sourceName} cancelled; ${data.planesReceived} of ${data.planesTotal} planes are shown`);
      } else this.loadFailed(data, `${r.sourceName}: ${(e as Error).message}`);
    } finally {
      stopFollowing();
      if (this.loading?.id === r.volumeId) this.loading = null;
      done();
    }
  }

  async cancel(volumeId: string): Promise<void> {
    if (this.loading?.id === volumeId) this.loading.abort.abort();
    await this.client.call('cancelLoad', { volumeId }).catch(() => undefined);
  }

  /** Closes the volume on screen. */
  close(): void {
    const id = this.state.fileLayer?.voxels.host?.volumeId;
    if (!id) return;
    if (this.loading?.id === id) this.loading.abort.abort();
    void this.client.call('closeVolume', { volumeId: id }).catch(() => undefined);
    this.stopSaving();
    this.state.setVolume(null);
  }

  async openFile(): Promise<void> {
    const info = await this.appInfo;
    if (info.canPickFiles) return this.open('file', (o) => this.client.call('openDialog', o));
    browseForFile(this.client, (path) => void this.open(path, (o) => this.client.call('openBrowsed', { path, ...o })));
  }

  async openRecent(): Promise<void> {
    const recent = await this.client.call('recentList', {});
    const list = el('ul', { className: 'file-list' });
    let close = (): void => undefined;
    for (const r of recent) {
      const b = el('button', { className: 'file-entry file', title: r.name }, r.name);
      b.onclick = () => {
        close();
        void this.open(r.name, (o) => this.client.call('openRecent', { id: r.id, ...o }));
      };
      list.append(el('li', {}, b));
    }
    if (!recent.length) list.append(el('li', {}, 'No recent files yet.'));
    close = showDialog('Open recent', list);
  }

  /** Files dropped on the page (browser host): uploaded to the host, then opened from there. */
  openDropped(files: File[]): void {
    const upload = this.client.upload;
    if (!files.length || !upload) return;
    let dropped: Promise<{ dropId: string; primary: string }> | null = null;
    void this.open(files[0].name, async (o) => {
      // A retry with a reduced plan reopens the files already uploaded.
      const { dropId, primary } = await (dropped ??= upload(files));
      return this.client.call('openDropped', { dropId, name: primary, ...o });
    });
  }

  private async finishLoad(data: VolumeData, t0: number, job: ChannelStatsJob, values: ValueMapping): Promise<void> {
    const { state } = this;
    // Values changed while loading (another complex part): the statistics built so far are of no use.
    const now = state.values();
    const same = JSON.stringify(now) === JSON.stringify(values);
    if (!same) job.cancel();
    const stats = same ? await job.finish() : await channelStatsInWorker(data.sab, data.meta.dims, data.meta.dtype, now);
    if (state.fileLayer?.voxels !== data) return;
    applyChannelStats(state, data, stats, now);
    state.status(`${data.name}: ${describeDims(data.meta)} loaded in ${Math.round(performance.now() - t0)} ms`);
  }

  /**
   * A load that failed part way: one dialog naming the file and the problem. The planes that did
   * arrive are shown only if the user asks for them; a partial volume is never passed off as whole.
   */
  private loadFailed(data: VolumeData, message: string): void {
    const { state } = this;
    state.status(message, 'error');
    // Whatever the user decides, the host's copy has given all it will.
    void this.client.call('closeVolume', { volumeId: data.host!.volumeId }).catch(() => undefined);
    const n = data.planesReceived;
    const drop = (): void => {
      if (state.volume === data) state.setVolume(null);
    };
    if (n === 0 || state.volume !== data) {
      drop();
      showDialog('Could not read the file', el('p', { className: 'error' }, message));
      return;
    }
    const keep = (): void => state.status(`${data.name}: showing the ${n} of ${data.planesTotal} planes that could be read`, 'error');
    showDialog('Could not read the whole file', el('p', { className: 'error' }, message), [
      { label: 'Close the file', action: drop },
      { label: `Show the ${n} of ${data.planesTotal} planes that could be read`, action: keep },
    ], drop);
  }
}

function describeDims(meta: VolumeMeta): string {
  const d = meta.dims;
  return `${d.x}x${d.y}x${d.z}${d.c > 1 ? `x${d.c}c` : ''}${d.t > 1 ? `x${d.t}t` : ''} ${meta.dtype}`;
}
