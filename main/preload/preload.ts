import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { DROP_CHANNEL, EVENT_NAMES, MAX_DROPPED_FILES, METHOD_NAMES, eventChannel, methodChannel, type PreloadApi } from '../../app/ipc/names.js';

/**
 * The whole surface the renderer gets: one function per contract method and a subscription per
 * contract event. Nothing generic (no invoke(anyChannel)), no Node, no paths.
 */
const methods = Object.fromEntries(
  METHOD_NAMES.map((m) => [m, (payload: unknown) => ipcRenderer.invoke(methodChannel(m), payload)]),
) as PreloadApi['methods'];

const api: PreloadApi = {
  methods,
  on(event, listener) {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
    const ch = eventChannel(event);
    const wrapped = (_e: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(ch, wrapped);
    return () => ipcRenderer.removeListener(ch, wrapped);
  },
};
contextBridge.exposeInMainWorld('voxelscope', api);

// Files dropped on the window: only the preload can turn a File into a path, and only for a real
// (trusted) drop by the user, so page script can never name a path for the host to read. The host
// checks the list again (main/electron/dropped-files.ts): it trusts no message blindly.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => {
  e.preventDefault();
  if (!e.isTrusted || !e.dataTransfer) return;
  const paths = [...e.dataTransfer.files].slice(0, MAX_DROPPED_FILES).map((f) => webUtils.getPathForFile(f)).filter((p) => p);
  if (paths.length) ipcRenderer.send(DROP_CHANNEL, paths);
});
