import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../services/security-headers.js';
import { readRendererFile } from '../services/static-files.js';
import { planeChunks } from '../services/volume-stream.js';
import type { VolumeStore } from '../services/volume-store.js';

export const APP_ORIGIN = 'app://voxelscope';

/** Must run before app 'ready': app:// is a secure, standard scheme that fetch() and streams work on. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

/**
 * Serves the renderer and the voxel streams from app://voxelscope/ with the same COOP/COEP/CSP headers
 * as the browser host, so the page is cross-origin isolated and SharedArrayBuffer works. Voxels stream
 * from the host's SharedArrayBuffer into the response body: bulk data never goes through IPC messages.
 */
export function handleAppProtocol(rendererDir: string, store: VolumeStore, currentSession: () => string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const headers = new Headers(SECURITY_HEADERS);
    if (url.host !== 'voxelscope') return new Response('not found', { status: 404, headers });
    const m = /^\/volume\/(v[0-9a-f]{16})\/data$/.exec(url.pathname);
    if (m) {
      // Only the page now in the window may read its volumes (the window is the app's one client).
      const v = store.get(m[1], currentSession());
      if (!v) return new Response('no such volume', { status: 404, headers });
      const chunks = planeChunks(v);
      const release = v.hold();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const next = await chunks.next();
            if (next.done) {
              release();
              controller.close();
            } else {
              controller.enqueue(new Uint8Array(next.value)); // one copy out of shared memory
            }
          } catch (e) {
            release();
            controller.error(e);
          }
        },
        cancel() {
          release();
          void chunks.return(undefined); // the renderer went away: stop waiting for planes
        },
      });
      headers.set('Content-Type', 'application/octet-stream');
      return new Response(body, { status: 200, headers });
    }
    const file = await readRendererFile(rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404, headers });
    headers.set('Content-Type', file.type);
    return new Response(new Uint8Array(file.body), { status: 200, headers });
  });
}
