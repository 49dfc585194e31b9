import { basename, dirname } from 'node:path';
import type { ContractError, MethodName, OpenResult, Request, Response, Result } from '../../app/ipc/contract.js';
import { validateRequest } from '../../app/ipc/contract.js';
import { bytesPerVoxel } from '../../app/model/dtype.js';
import { identityPlan, isIdentityPlan, suggestPlan, type PlanSpec } from '../../app/model/load-plan.js';
import { FormatError } from '../../app/formats/errors.js';
import { sequenceReader } from '../../app/formats/sequence/index.js';
import { OverBudgetError, openHeader } from './open-volume.js';
import { reopenable, type RecentFiles } from './recent-files.js';
import type { VolumeStore } from './volume-store.js';
import { browseDir, resolveUnderRoot } from './root-browser.js';
import { HostError } from './host-error.js';
import type { ClientSession } from './sessions.js';
import { FileAccess } from './file-access.js';
import { BatchRuns, type BatchWorkers } from './batch-run.js';
import { resolvePlace } from './run-place.js';
import { RunPicks } from './run-picks.js';
import { montagePng, montageRecord, montageVolume } from './montage-png.js';

/** A file the user dropped, as the host keeps it: where it is, what the user called it, how to let it go. */
export interface DroppedFile {
  path: string;
  /** The name the user's system gave the file, for the interface and messages. */
  displayName: string;
  /** Turns names of the stored copies back into the user's names in a message. */
  displayMessage(message: string): string;
  /** Removes the stored copies (the volume read from them has closed). */
  release(): void;
}

/** What differs between the Electron host and the browser host. */
export interface HostPlatform {
  kind: 'electron' | 'browser';
  name: string;
  version: string;
  versions: Record<string, string>;
  memoryBudget: number;
  /** Native open dialog (Electron only); resolves to the chosen path or null. */
  pickFile?: () => Promise<string | null>;
  /** Native dialog for a run's inputs (Electron): several files, or several folders; [] when cancelled. */
  pickRunInputs?: (o: { folders: boolean }) => Promise<string[]>;
  /** Native folder dialog for a run's output folder (Electron); null when cancelled. */
  pickRunOutput?: () => Promise<string | null>;
  /** Folder the browser host may list and open from. */
  root: string | null;
  /** A file `session` dropped, by the id the host gave the drop and the file's name, or null. */
  resolveDrop(session: ClientSession, dropId: string, name: string): DroppedFile | null;
  /** The worker scripts of *Run on files…*; without them it is not available. */
  batchWorkers?: BatchWorkers;
}

type Handlers = { [M in MethodName]: (params: Request<M>, session: ClientSession) => Promise<Response<M>> };

interface OpenOptions {
  plan?: Partial<PlanSpec>;
  replaces?: string;
  /** What the open may read; default the host's own access. */
  access?: FileAccess;
  /** For a dropped file: the user's name for it, and what to do when its volume closes. */
  dropped?: DroppedFile;
}

/**
 * The contract's methods, implemented once for both hosts. `dispatch` validates every incoming
 * request against the contract's schema before anything is acted on. Every call is made on behalf of
 * a client session: volumes belong to the session that opened them, and another session gets
 * `not-found` for them, as for a volume that does not exist.
 */
export class HostApi {
  readonly handlers: Handlers;
  /** What this host reads: inside --root in the browser host, what the user chose in the desktop app. */
  private readonly access: FileAccess;
  /** Files opened in this run under another access than the host's (the command line): Recent reopens them the same way. */
  private readonly openedUnder = new Map<string, FileAccess>();
  /** *Run on files…*: over paths under the root (browser host) or what the user picked (desktop app). */
  private readonly batch: BatchRuns | null;
  /** What the run dialogs' native pickers returned, by id, per session. */
  private readonly picks = new RunPicks();

  constructor(private readonly store: VolumeStore, private readonly recent: RecentFiles, private readonly platform: HostPlatform) {
    const p = platform;
    this.access = p.root ? FileAccess.under(p.root) : FileAccess.anywhere();
    const canPickForRun = !!(p.pickRunInputs && p.pickRunOutput);
    this.batch = p.batchWorkers && (p.root || canPickForRun) ? new BatchRuns(p.batchWorkers, p.memoryBudget) : null;
    this.handlers = {
      appInfo: async () => ({
        name: p.name, version: p.version, host: p.kind, versions: p.versions,
        canPickFiles: !!p.pickFile, canBrowse: p.root !== null, canPickForRun: canPickForRun && this.batch !== null, memoryBudget: p.memoryBudget,
      }),
      openDialog: async (req, s) => {
        if (!p.pickFile) throw notAvailable('the open dialog exists only in the desktop app; use the file browser');
        const path = await p.pickFile();
        return path ? this.openPath(path, s, req) : null;
      },
      browse: async ({ dir }) => {
        if (!p.root) throw notAvailable('browsing is available in the browser host only (voxelscope serve --root DIR)');
        return browseDir(this.access, dir);
      },
      openBrowsed: async ({ path, ...opts }, s) => {
        if (!p.root) throw notAvailable('browsing is available in the browser host only');
        return this.openPath(await resolveUnderRoot(this.access, path), s, opts);
      },
      openDropped: async ({ dropId, name, ...opts }, s) => {
        const dropped = p.resolveDrop(s, dropId, name);
        if (!dropped) throw new HostError('not-found', `${name}: that dropped file is no longer available; drop it again`);
        // Uploaded files read nothing beside their own drop (its folder).
        const access = p.kind === 'browser' ? FileAccess.under(dirname(dropped.path)) : this.access;
        return this.openPath(dropped.path, s, { ...opts, dropped, access });
      },
      recentList: async () => (await reopenable(this.recent.list(), (path) => this.recentAccess(path))).map(({ id, name, openedAt }) => ({ id, name, openedAt })),
      openRecent: async ({ id, ...opts }, s) => {
        const e = this.recent.byId(id);
        if (!e || !(await this.recentAccess(e.path).resolve(e.path))) throw new HostError('not-found', 'not in the recent files list');
        return this.openPath(e.path, s, { ...opts, access: this.recentAccess(e.path) });
      },
      prioritizePlanes: async ({ volumeId, planes }, s) => {
        this.store.get(this.owned(volumeId, s), s.id)!.prioritize(planes);
        return {};
      },
      cancelLoad: async ({ volumeId }, s) => ({ cancelled: this.store.cancel(this.owned(volumeId, s), s.id) }),
      closeVolume: async ({ volumeId }, s) => ({ closed: this.store.close(this.owned(volumeId, s), s.id) }),
      pickRunInputs: async ({ folders }, s) => {
        if (!p.pickRunInputs || !this.batch) throw notAvailable('native dialogs exist only in the desktop app; use the file browser');
        const picked = await this.picks.add(s.id, await p.pickRunInputs({ folders }), folders ? 'dir' : 'file');
        return picked.map(({ id, name, kind }) => ({ id, name, kind }));
      },
      pickRunOutput: async (_req, s) => {
        if (!p.pickRunOutput || !this.batch) throw notAvailable('native dialogs exist only in the desktop app; type or choose a folder under the served root');
        const path = await p.pickRunOutput();
        const [pick] = path ? await this.picks.add(s.id, [path], 'dir') : [];
        return pick ? { id: pick.id, name: pick.name, kind: pick.kind } : null;
      },
      runStart: async ({ inputs, out, ...req }, s) => {
        if (!this.batch) throw notAvailable('Run on files is not available in this host; use voxelscope run');
        const place = await resolvePlace(inputs, out, { root: p.root ? this.access : null, picks: this.picks, owner: s.id });
        return this.batch.start(s.id, req, place, { progress: (e) => s.emit('runProgress', e), finished: (e) => s.emit('runFinished', e) });
      },
      runCancel: async ({ runId }, s) => ({ cancelled: this.batch?.cancel(s.id, runId) ?? false }),
      exportMontage: async ({ volumeId, settings }, s) => {
        const v = this.store.get(this.owned(volumeId, s), s.id)!;
        const { opened } = v;
        if (!isIdentityPlan(opened.plan, opened.fileMeta.dims)) throw new HostError('invalid-request', `${basename(opened.path)}: opened as a reduced load; a montage shows the file's own voxels (open it whole)`);
        if (opened.reader.id === sequenceReader.id) throw new HostError('invalid-request', `${basename(opened.path)}: one image of a sequence folder; a montage is made of one file (its record holds the file's SHA-256)`);
        await v.whenLoaded();
        try {
          const png = montagePng(montageVolume(opened.meta, v.sab, basename(opened.path)), await montageRecord(opened.path, settings));
          return { name: `${basename(opened.path).replace(/\.[^.]*$/, '')}-montage.png`, png: Buffer.from(png).toString('base64') };
        } catch (e) {
          throw new HostError('invalid-request', (e as Error).message);
        }
      },
    } as Handlers;
  }

  async dispatch(session: ClientSession, method: unknown, payload: unknown): Promise<Result<unknown>> {
    const v = validateRequest(method, payload);
    if (!v.ok) return v;
    try {
      const handler = this.handlers[v.value.method] as (p: unknown, s: ClientSession) => Promise<unknown>;
      return { ok: true, value: await handler(v.value.params, session) };
    } catch (e) {
      return { ok: false, error: toContractError(e) };
    }
  }

  /** The id of a volume `s` opened; any other id is not found, whether it exists for another session or not. */
  private owned(volumeId: string, s: ClientSession): string {
    if (!this.store.get(volumeId, s.id)) throw new HostError('not-found', 'no such volume (it was closed, or belongs to another page)');
    return volumeId;
  }

  /** Releases everything a session owned (it ended: page reloaded, tab or window closed). */
  endSession(session: ClientSession): void {
    this.store.closeOwnedBy(session.id);
    this.batch?.cancelOwnedBy(session.id);
    this.picks.releaseOwnedBy(session.id);
  }

  private recentAccess(path: string): FileAccess {
    return this.openedUnder.get(path) ?? this.access;
  }

  /**
   * Opens a path the user chose for `session` and starts decoding it; the voxels and how the load
   * ends then travel in the volume's stream (`dataUrl`). Every file read goes through the access: the
   * host's own, a drop's folder, or FileAccess.anywhere() for a file named on the command line.
   */
  async openPath(path: string, session: ClientSession, o: OpenOptions = {}): Promise<OpenResult> {
    const spec: PlanSpec = { ...identityPlan, ...o.plan };
    const name = o.dropped?.displayName ?? basenameOf(path);
    const access = o.access ?? this.access;
    if (access !== this.access && !o.dropped) this.openedUnder.set(path, access);
    try {
      const opened = await openHeader(path, this.platform.memoryBudget, spec, access);
      // The budget covers everything resident, whoever opened it; the volume this one replaces will go.
      // Checked and allocated with no await in between, so two opens cannot both take the last room.
      const replaced = o.replaces ? this.store.get(o.replaces, session.id) : undefined;
      const resident = this.store.residentBytes() - (replaced?.byteLength ?? 0);
      const budget = this.platform.memoryBudget;
      if (resident > 0 && resident + opened.byteLength > budget) {
        await opened.files.close();
        const suggestion = suggestPlan(opened.fileMeta.dims, bytesPerVoxel(opened.fileMeta.dtype), Math.max(1, budget - resident));
        throw new OverBudgetError(name, opened.byteLength, budget, suggestion, resident);
      }
      if (replaced) this.store.close(replaced.id, session.id);
      const v = this.store.load(opened, session.id);
      if (o.dropped) v.whenClosed(o.dropped.release);
      else this.recent.add(path);
      return {
        volumeId: v.id, sourceName: name, fileSize: opened.fileSize,
        byteLength: opened.byteLength, meta: opened.meta, fileDims: opened.fileMeta.dims, plan: spec,
        dataUrl: `/volume/${v.id}/data`,
      };
    } catch (e) {
      // The user chose this file: keep it in Recent so the UI can reopen it with a reduced load.
      // (A dropped file's copy goes when its session ends; it is not worth remembering.)
      if (e instanceof OverBudgetError && !o.dropped) e.recentId = this.recent.add(path);
      if (o.dropped && e instanceof Error) e.message = o.dropped.displayMessage(e.message);
      throw e;
    }
  }
}

function basenameOf(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function notAvailable(message: string): HostError {
  return new HostError('not-available', message);
}

/** The error an RPC call returns for a failure; the Electron host sends the same in openFailed. */
export function toContractError(e: unknown): ContractError {
  if (e instanceof OverBudgetError) {
    const suggestion = { zStep: e.suggestion.zStep, xyBin: e.suggestion.xyBin };
    return { code: 'over-budget', message: e.message, detail: { needed: e.needed, budget: e.budget, suggestion, recentId: e.recentId } };
  }
  if (e instanceof FormatError) return { code: 'format', message: e.message };
  if (e instanceof HostError) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
