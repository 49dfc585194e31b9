import { BrowserWindow, app, dialog, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knownExtensions } from '../../app/formats/registry.js';
import { registerAllReaders } from '../../app/formats/all-readers.js';
import type { EventName, EventPayload } from '../../app/ipc/contract.js';
import { DROP_CHANNEL, METHOD_NAMES, eventChannel, methodChannel } from '../../app/ipc/names.js';
import { VERSION } from '../cli/build-info.js';
import { HostApi, type HostPlatform } from '../services/host-api.js';
import { memoryBudget } from '../services/memory-budget.js';
import { RecentFiles } from '../services/recent-files.js';
import { SessionRegistry, type ClientSession } from '../services/sessions.js';
import { VolumeStore } from '../services/volume-store.js';
import { buildMenu } from './menu.js';
import { handleAppProtocol, registerAppScheme } from './protocol.js';
import { createMainWindow, isAppUrl, lockDownWebContents } from './window.js';

const here = dirname(fileURLToPath(import.meta.url));
registerAllReaders();
registerAppScheme();

let win: BrowserWindow | null = null;
const drops = new Map<string, string>();
/** The page now in the window: a reload is a new session, and the old page's volumes are released. */
let session: ClientSession | null = null;

/** Acts only on messages from the app's own top-level frame. */
function trustedSender(e: IpcMainInvokeEvent | IpcMainEvent): boolean {
  const frame = e.senderFrame;
  return !!frame && frame === e.sender.mainFrame && isAppUrl(frame.url) && e.sender === win?.webContents;
}

function emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
  win?.webContents.send(eventChannel(name), payload);
}

async function main(): Promise<void> {
  await app.whenReady();
  lockDownWebContents();
  const store = new VolumeStore(new URL('./decode-worker.mjs', import.meta.url));
  const recent = new RecentFiles(app.getPath('userData'));
  const platform: HostPlatform = {
    kind: 'electron', name: 'Voxelscope', version: VERSION,
    versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node },
    memoryBudget: memoryBudget(), root: null,
    pickFile: async () => {
      const r = await dialog.showOpenDialog(win!, {
        title: 'Open volume', properties: ['openFile'],
        filters: [{ name: 'Volumes', extensions: knownExtensions().map((e) => e.split('.').pop()!) }, { name: 'All files', extensions: ['*'] }],
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    resolveDrop: (_s, id) => {
      const path = drops.get(id);
      return path ? { path, displayName: basename(path), displayMessage: (m) => m, release: () => drops.delete(id) } : null;
    },
  };
  const api = new HostApi(store, recent, platform);
  const sessions = new SessionRegistry((s) => api.endSession(s), 0);
  const newPage = (): ClientSession => {
    if (session) sessions.end(session.id);
    return (session = sessions.start(() => emit));
  };
  newPage();
  handleAppProtocol(join(here, '../renderer'), store, () => session?.id ?? '');

  for (const m of METHOD_NAMES) {
    ipcMain.handle(methodChannel(m), async (e, payload: unknown) => {
      if (!trustedSender(e)) return { ok: false, error: { code: 'invalid-request', message: 'untrusted sender' } };
      const r = await api.dispatch(session!, m, payload);
      if (r.ok && m.startsWith('open')) refreshMenu();
      return r;
    });
  }
  const openAndTell = (path: string): void => {
    api.openPath(path, session!).then(
      (r) => {
        emit('opened', r);
        refreshMenu();
      },
      (err: Error) => emit('openFailed', { message: err.message }),
    );
  };
  ipcMain.on(DROP_CHANNEL, (e, paths: unknown) => {
    if (!trustedSender(e) || !Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p.length < 4096)) return;
    const first = (paths as string[]).find((p) => !/\.(img|raw)(\.gz)?$/i.test(p)) ?? (paths as string[])[0];
    const id = 'd' + randomBytes(8).toString('hex');
    drops.set(id, first);
    openAndTell(first);
  });
  const refreshMenu = (): void =>
    buildMenu(recent.list(), {
      open: () => emit('command', { command: 'open' }),
      openRecent: (id) => {
        const entry = recent.byId(id);
        if (entry) openAndTell(entry.path);
      },
      about: () => emit('command', { command: 'about' }),
      close: () => emit('command', { command: 'close' }),
    });
  refreshMenu();

  win = createMainWindow(join(here, 'preload.cjs'));
  win.webContents.on('did-navigate', () => newPage());
  // Files named on the command line are opened once the page can hear about them.
  const files = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-'));
  win.webContents.once('did-finish-load', () => files.forEach((f) => openAndTell(resolve(f))));
  app.on('window-all-closed', () => {
    void store.destroy().finally(() => app.quit());
  });
}

void main();
