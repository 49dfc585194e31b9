import { BrowserWindow, app, dialog, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { primaryOf } from '../../app/formats/primary-file.js';
import { knownExtensions } from '../../app/formats/registry.js';
import { registerAllReaders } from '../../app/formats/all-readers.js';
import type { EventName, EventPayload } from '../../app/ipc/contract.js';
import { DROP_CHANNEL, METHOD_NAMES, eventChannel, methodChannel } from '../../app/ipc/names.js';
import { VERSION } from '../cli/build-info.js';
import { HostApi, toContractError, type HostPlatform } from '../services/host-api.js';
import { memoryBudget } from '../services/memory-budget.js';
import { RecentFiles } from '../services/recent-files.js';
import { SessionRegistry, type ClientSession } from '../services/sessions.js';
import { VolumeStore } from '../services/volume-store.js';
import { isAppUrl } from './app-protocol.js';
import { dropPaths, droppedFileToOpen } from './dropped-files.js';
import { buildMenu } from './menu.js';
import { fileArguments, localPath, secondInstanceData, secondInstanceFiles, type OsFile } from './os-files.js';
import { outsideAsar } from './packaged-paths.js';
import { handleAppProtocol, registerAppScheme } from './protocol.js';
import { checkCrossOriginIsolated, createMainWindow, lockDownWebContents } from './window.js';

const here = dirname(fileURLToPath(import.meta.url));
const defaultApp = !!process.defaultApp; // `electron .` in development: argv[1] is the app folder
registerAllReaders();
registerAppScheme();
// Settings go where VOXELSCOPE_CONFIG_DIR says, as for the CLI and the browser host (tests use a fresh
// folder); otherwise in Electron's userData folder, named after package.json's productName.
if (process.env.VOXELSCOPE_CONFIG_DIR) app.setPath('userData', process.env.VOXELSCOPE_CONFIG_DIR);

let win: BrowserWindow | null = null;
/** Opens files named outside the page; null while the page cannot hear about it (loading). */
let opener: ((files: OsFile[]) => Promise<void>) | null = null;
/** What the OS or the command line named while there was no opener. */
const waiting: OsFile[][] = [];

function openFromOutside(files: OsFile[]): Promise<void> {
  if (opener) return opener(files);
  waiting.push(files);
  return Promise.resolve();
}

// A second launch (a file opened from the file manager, a terminal) hands its files to this instance.
if (!app.requestSingleInstanceLock(secondInstanceData(process.argv, process.cwd(), defaultApp))) {
  app.quit();
} else {
  app.on('second-instance', (_e, argv, workingDirectory, additionalData) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    void openFromOutside(secondInstanceFiles(additionalData, argv, workingDirectory, defaultApp));
  });
  // macOS hands files over as events, the first ones before 'ready'.
  app.on('open-file', (e, path) => {
    e.preventDefault();
    void openFromOutside([{ ok: true, path }]);
  });
  void main();
}

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
  const store = new VolumeStore(outsideAsar(new URL('./decode-worker.mjs', import.meta.url)));
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
    // Run on files…: what these dialogs return is all a run may read and write (main/services/run-place.ts).
    pickRunInputs: async ({ folders }) => {
      const r = await dialog.showOpenDialog(win!, folders
        ? { title: 'Run on folders', properties: ['openDirectory', 'multiSelections'] }
        : {
          title: 'Run on files', properties: ['openFile', 'multiSelections'],
          filters: [{ name: 'Volumes', extensions: knownExtensions().map((e) => e.split('.').pop()!) }, { name: 'All files', extensions: ['*'] }],
        });
      return r.canceled ? [] : r.filePaths;
    },
    pickRunOutput: async () => {
      const r = await dialog.showOpenDialog(win!, { title: 'Output folder', buttonLabel: 'Choose', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    batchWorkers: {
      decode: outsideAsar(new URL('./decode-worker.mjs', import.meta.url)),
      job: outsideAsar(new URL('./job-worker.mjs', import.meta.url)),
      hash: outsideAsar(new URL('./hash-worker.mjs', import.meta.url)),
    },
    // Drops open directly (below); the renderer never holds a drop id here.
    resolveDrop: () => null,
  };
  const api = new HostApi(store, recent, platform);
  // The page now in the window is the app's one client session: a reload is a new page, and what the
  // old page opened is released as it goes.
  const sessions = new SessionRegistry((s) => api.endSession(s), 0);
  let session: ClientSession = sessions.start(() => emit);
  const newPage = (): void => {
    sessions.end(session.id);
    session = sessions.start(() => emit);
  };
  handleAppProtocol({ rendererDir: join(here, '../renderer'), volumes: store, session: () => session.id });

  for (const m of METHOD_NAMES) {
    ipcMain.handle(methodChannel(m), async (e, payload: unknown) => {
      if (!trustedSender(e)) return { ok: false, error: { code: 'invalid-request', message: 'untrusted sender' } };
      const r = await api.dispatch(session, m, payload);
      if (r.ok && m.startsWith('open')) refreshMenu();
      return r;
    });
  }

  /**
   * The one way in for files named outside the page (command line, OS, second instance, drop, Open
   * Recent): the header of a group is opened, and a failure reaches the renderer as the same error an
   * open call returns, so it gets the same dialogs (the reduced-load offer included).
   */
  const openNow = async (files: OsFile[]): Promise<void> => {
    for (const f of files) if (!f.ok) emit('openFailed', { name: f.name, error: f.error });
    const path = primaryOf(files.flatMap((f) => (f.ok ? [f.path] : [])));
    if (!path) return;
    try {
      emit('opened', await api.openPath(path, session));
    } catch (e) {
      emit('openFailed', { name: basename(path), error: toContractError(e) });
    } finally {
      refreshMenu(); // an over-budget file joins Recent too, for the reduced load
    }
  };

  let dropping = false;
  ipcMain.on(DROP_CHANNEL, (e, payload: unknown) => {
    const paths = trustedSender(e) && !dropping ? dropPaths(payload) : null;
    if (!paths) return;
    dropping = true;
    void droppedFileToOpen(paths)
      .then((f) => openFromOutside([f]))
      .finally(() => (dropping = false));
  });
  const refreshMenu = (): void =>
    buildMenu(recent.list(), {
      open: () => emit('command', { command: 'open' }),
      openRecent: (id) => {
        const entry = recent.byId(id);
        if (entry) void openFromOutside([{ ok: true, path: entry.path }]);
      },
      about: () => emit('command', { command: 'about' }),
      close: () => emit('command', { command: 'close' }),
    });
  refreshMenu();

  win = createMainWindow(join(here, 'preload.cjs'));
  const wc = win.webContents;
  waiting.unshift(fileArguments(process.argv, defaultApp).map((a) => localPath(a, process.cwd())));
  wc.on('did-start-loading', () => {
    opener = null;
    newPage();
  });
  wc.on('did-finish-load', () => {
    opener = openNow;
    void checkCrossOriginIsolated(win!);
    for (const files of waiting.splice(0)) void openNow(files);
  });
  app.on('window-all-closed', () => {
    void store.destroy().finally(() => app.quit());
  });
}
