import { SECURITY_HEADERS } from '../services/security-headers.js';
import { readRendererFile } from '../services/static-files.js';
import type { HostVolume, VolumeStore } from '../services/volume-store.js';

/**
 * What app://voxelscope/ answers, as a plain Request -> Response function with no electron in it, so it
 * is tested directly; protocol.ts registers it with protocol.handle.
 */
export const APP_HOST = 'voxelscope';
export const APP_ORIGIN = `app://${APP_HOST}`;

/** The app's own pages: the origin itself or a path under it (not app://voxelscope.other/). */
export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * Voxels are copied out of shared memory into chunks of about this size. A Response body cannot hand
 * out views of the SharedArrayBuffer: Electron queues the chunks (Readable.fromWeb) and copies them
 * into the renderer's pipe later, after the stream has ended and the volume's buffer may already be
 * back in the pool and reused, so each chunk must own its bytes. Chunks span several small planes (one
 * copy and one queue entry for many planes) and split large ones (no plane-sized allocation per pull).
 */
export const STREAM_CHUNK_BYTES = 1 << 20;

export interface AppProtocolDeps {
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  volumes: Pick<VolumeStore, 'get'>;
}

export function appRequestHandler(deps: AppProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = new Headers(SECURITY_HEADERS);
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404, headers });
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers });
    const m = /^\/volume\/(v\d{1,9})\/data$/.exec(url.pathname);
    if (m) {
      const v = deps.volumes.get(m[1]);
      if (!v) return new Response('no such volume', { status: 404, headers });
      headers.set('Content-Type', 'application/octet-stream');
      headers.set('Content-Length', String(v.byteLength));
      return new Response(request.method === 'HEAD' ? null : volumeBody(v), { status: 200, headers });
    }
    const file = await readRendererFile(deps.rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404, headers });
    headers.set('Content-Type', file.type);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), { status: 200, headers });
  };
}

/**
 * The voxels in canonical order, each chunk as soon as its planes are decoded. Holds the volume until
 * the last chunk is copied, the load fails, or the reader cancels (the renderer went away).
 */
export function volumeBody(v: HostVolume, chunkBytes = STREAM_CHUNK_BYTES): ReadableStream<Uint8Array> {
  const release = v.hold();
  let sent = 0;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (sent < v.byteLength) {
          const first = Math.floor(sent / v.planeBytes);
          if (!v.isPlaneReady(first)) await v.waitForPlane(first);
          if (cancelled) return;
          let end = Math.min(v.byteLength, sent + chunkBytes);
          let next = first + 1;
          while (next * v.planeBytes < end && v.isPlaneReady(next)) next++;
          end = Math.min(end, next * v.planeBytes);
          controller.enqueue(v.bytes.slice(sent, end)); // slice: a copy with its own ArrayBuffer
          sent = end;
        }
        if (sent >= v.byteLength) {
          release();
          controller.close();
        }
      } catch (e) {
        release();
        if (!cancelled) controller.error(e);
      }
    },
    cancel() {
      cancelled = true;
      release();
    },
  });
}
