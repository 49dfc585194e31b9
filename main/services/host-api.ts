import { dirname } from 'node:path';
import type { EventName, EventPayload, MethodName, OpenResult, Request, Response, Result } from '../../app/ipc/contract.js';
import { validateRequest } from '../../app/ipc/contract.js';
import { identityPlan, type PlanSpec } from '../../app/model/load-plan.js';
import { FormatError } from '../../app/formats/errors.js';
import { OverBudgetError, openHeader } from './open-volume.js';
import { reopenable, type RecentFiles } from './recent-files.js';
import type { HostVolume, VolumeStore } from './volume-store.js';
import { browseDir, resolveUnderRoot } from './root-browser.js';
import { HostError } from './host-error.js';
import { FileAccess } from './file-access.js';

/** What differs between the Electron host and the browser host. */
export interface HostPlatform {
  kind: 'electron' | 'browser';
  name: string;
  version: string;
  versions: Record<string, string>;
  memoryBudget: number;
  /** Native open dialog (Electron only); resolves to the chosen path or null. */
  pickFile?: () => Promise<string | null>;
  /** Folder the browser host may list and open from. */
  root: string | null;
  /** Path of a file the user dropped, by the id the host gave the drop and the file's name, or null. */
  resolveDrop(dropId: string, name: string): string | null;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

type Handlers = { [M in MethodName]: (params: Request<M>) => Promise<Response<M>> };

/**
 * The contract's methods, implemented once for both hosts. `dispatch` validates every incoming
 * request against the contract's schema before anything is acted on.
 */
export class HostApi {
  readonly handlers: Handlers;
  /** Volumes the host opened by itself (command line, OS): replayed to every window that connects. */
  private readonly startup: OpenResult[] = [];
  /** What this host reads: inside --root in the browser host, what the user chose in the desktop app. */
  private readonly access: FileAccess;
  /** Files opened in this run under another access than the host's (a drop, the command line): Recent reopens them the same way. */
  private readonly openedUnder = new Map<string, FileAccess>();

  constructor(private readonly store: VolumeStore, private readonly recent: RecentFiles, private readonly platform: HostPlatform) {
    const p = platform;
    this.access = p.root ? FileAccess.under(p.root) : FileAccess.anywhere();
    this.handlers = {
      appInfo: async () => ({
        name: p.name, version: p.version, host: p.kind, versions: p.versions,
        canPickFiles: !!p.pickFile, canBrowse: p.root !== null, memoryBudget: p.memoryBudget,
      }),
      openDialog: async (req) => {
        if (!p.pickFile) throw notAvailable('the open dialog exists only in the desktop app; use the file browser');
        const path = await p.pickFile();
        return path ? this.openPath(path, req.plan) : null;
      },
      browse: async ({ dir }) => {
        if (!p.root) throw notAvailable('browsing is available in the browser host only (voxelscope serve --root DIR)');
        return browseDir(this.access, dir);
      },
      openBrowsed: async ({ path, plan }) => {
        if (!p.root) throw notAvailable('browsing is available in the browser host only');
        return this.openPath(await resolveUnderRoot(this.access, path), plan);
      },
      openDropped: async ({ dropId, name, plan }) => {
        const path = p.resolveDrop(dropId, name);
        if (!path) throw new HostError('not-found', 'that dropped file is no longer available; drop it again');
        // Uploaded files read nothing beside their own drop (its folder).
        return this.openPath(path, plan, p.kind === 'browser' ? FileAccess.under(dirname(path)) : this.access);
      },
      recentList: async () => reopenable(this.recent.list(), (path) => this.recentAccess(path)),
      openRecent: async ({ id, plan }) => {
        const e = this.recent.byId(id);
        if (!e || !(await this.recentAccess(e.path).resolve(e.path))) throw new HostError('not-found', 'not in the recent files list');
        return this.openPath(e.path, plan, this.recentAccess(e.path));
      },
      cancelLoad: async ({ volumeId }) => ({ cancelled: this.store.cancel(volumeId) }),
      closeVolume: async ({ volumeId }) => ({ closed: this.store.close(volumeId) }),
    } as Handlers;
  }

  async dispatch(method: unknown, payload: unknown): Promise<Result<unknown>> {
    const v = validateRequest(method, payload);
    if (!v.ok) return v;
    try {
      const handler = this.handlers[v.value.method] as (p: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(v.value.params) };
    } catch (e) {
      return { ok: false, error: toContractError(e) };
    }
  }

  rememberOpened(r: OpenResult): void {
    this.startup.push(r);
    this.platform.emit('opened', r);
  }

  startupOpened(): readonly OpenResult[] {
    return this.startup;
  }

  private recentAccess(path: string): FileAccess {
    return this.openedUnder.get(path) ?? this.access;
  }

  /**
   * Opens a path the user chose, starts decoding, and reports progress as events. Every file read goes
   * through `access`: the host's own, or FileAccess.anywhere() for a file named on the command line.
   */
  async openPath(path: string, plan?: Partial<PlanSpec>, access = this.access): Promise<OpenResult> {
    const spec: PlanSpec = { ...identityPlan, ...plan };
    if (access !== this.access) this.openedUnder.set(path, access);
    const opened = await openHeader(path, this.platform.memoryBudget, spec, access).catch((e: unknown) => {
      // The user chose this file: keep it in Recent so the UI can reopen it with a reduced load.
      if (e instanceof OverBudgetError) e.recentId = this.recent.add(path);
      throw e;
    });
    const v = this.store.load(opened);
    this.recent.add(path);
    this.reportProgress(v);
    return {
      volumeId: v.id, sourceName: basenameOf(path), fileSize: opened.fileSize,
      byteLength: opened.byteLength, meta: opened.meta, fileDims: opened.fileMeta.dims, plan: spec,
      dataUrl: `/volume/${v.id}/data`,
    };
  }

  private reportProgress(v: HostVolume): void {
    let last = 0;
    const off = v.onChange((vol) => {
      const now = Date.now();
      if (vol.status === 'loading') {
        if (now - last < 50 && vol.planesDone < vol.planesTotal) return;
        last = now;
        this.platform.emit('loadProgress', { volumeId: vol.id, planesDone: vol.planesDone, planesTotal: vol.planesTotal });
        return;
      }
      off();
      this.platform.emit('loadProgress', { volumeId: vol.id, planesDone: vol.planesDone, planesTotal: vol.planesTotal });
      this.platform.emit('loadDone', { volumeId: vol.id, status: vol.status, message: vol.message });
    });
  }
}

function basenameOf(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function notAvailable(message: string): HostError {
  return new HostError('not-available', message);
}

function toContractError(e: unknown): Extract<Result<never>, { ok: false }>['error'] {
  if (e instanceof OverBudgetError) {
    const suggestion = { zStep: e.suggestion.zStep, xyBin: e.suggestion.xyBin };
    return { code: 'over-budget', message: e.message, detail: { needed: e.needed, budget: e.budget, suggestion, recentId: e.recentId } };
  }
  if (e instanceof FormatError) return { code: 'format', message: e.message };
  if (e instanceof HostError) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
