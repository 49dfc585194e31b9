import { BrowserWindow, app, dialog, session, type WebContents } from 'electron';
import { APP_ORIGIN, isAppUrl } from './app-protocol.js';

const START_URL = `${APP_ORIGIN}/index.html`;
/** Chromium's net::ERR_ABORTED: a newer navigation replaced this one, nothing failed. */
const ERR_ABORTED = -3;

/**
 * The one place windows are made. Sandboxed, context-isolated, no Node in the page; navigation away
 * from the app, new windows, webviews and every permission are refused (lockDownWebContents).
 * The window is created hidden and shown when the page has painted, or at once when it failed to load
 * or its renderer died, with the reason and a way to reload: a hidden window would otherwise stay
 * invisible forever.
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Voxelscope',
    backgroundColor: '#15171a',
    show: false,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  const wc = win.webContents;
  wc.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (isMainFrame && code !== ERR_ABORTED) void offerReload(win, 'The Voxelscope window could not load', `${url}: ${description} (error ${code}).`);
  });
  wc.on('render-process-gone', (_e, details) => {
    if (details.reason === 'clean-exit') return;
    void offerReload(win, 'The Voxelscope window stopped', `Its renderer process ended (${details.reason}, exit code ${details.exitCode}). Volumes that were open must be opened again.`);
  });
  void win.loadURL(START_URL);
  return win;
}

let reloadOffered = false;

/** Shows the window with what went wrong (also logged): Reload starts the page again, Quit ends the app. */
async function offerReload(win: BrowserWindow, title: string, detail: string): Promise<void> {
  console.error(`voxelscope: ${title}: ${detail}`);
  if (win.isDestroyed() || reloadOffered) return;
  reloadOffered = true;
  win.show();
  const { response } = await dialog.showMessageBox(win, { type: 'error', title, message: title, detail, buttons: ['Reload', 'Quit'], defaultId: 0, cancelId: 1, noLink: true });
  reloadOffered = false;
  if (win.isDestroyed()) return;
  if (response === 0) void win.loadURL(START_URL);
  else app.quit();
}

/**
 * SharedArrayBuffer needs the page to be cross-origin isolated (COOP/COEP from the app:// handler).
 * Early Electron 41 releases lost that (fixed in 41.5.1): without it every open would fail, so say so
 * once, loudly, at start-up instead. Resolves to whether the page is isolated.
 */
export async function checkCrossOriginIsolated(win: BrowserWindow): Promise<boolean> {
  const isolated = await win.webContents.executeJavaScript('self.crossOriginIsolated === true').then(
    (v: unknown) => v === true,
    (e: Error) => {
      console.error(`voxelscope: could not check cross-origin isolation: ${e.message}`);
      return true; // unknown: do not claim a failure that was not seen
    },
  );
  if (isolated || win.isDestroyed()) return isolated;
  const detail =
    `The page is not cross-origin isolated, so SharedArrayBuffer is unavailable and no volume can be opened. ` +
    `This happens with Electron ${process.versions.electron} if it is one of the releases that lost COOP/COEP isolation ` +
    `(41.0.0 to 41.5.0; fixed in 41.5.1). Update Voxelscope (from source: npm install, for electron 41.5.1 or later).`;
  console.error(`voxelscope: not cross-origin isolated (Electron ${process.versions.electron}); volumes cannot be opened`);
  win.show();
  await dialog.showMessageBox(win, { type: 'error', title: 'Voxelscope cannot open volumes', message: 'Voxelscope cannot open volumes', detail, buttons: ['OK'], noLink: true });
  return false;
}

/**
 * Security rules applied to every web contents the app ever creates. Every permission check and request
 * is refused (the viewer needs none: no camera, notifications, clipboard reads, devices or screen
 * capture); getDisplayMedia is refused too, as no display-media handler is set.
 */
export function lockDownWebContents(): void {
  const ses = session.defaultSession;
  ses.setPermissionCheckHandler(() => false);
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isAppUrl(url)) e.preventDefault();
    });
    contents.on('will-redirect', (e, url) => {
      if (!isAppUrl(url)) e.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
}
