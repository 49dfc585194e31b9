import { SECURITY_HEADERS } from '../services/security-headers.js';
import { readRendererFile } from '../services/static-files.js';
import type { VolumeStore } from '../services/volume-store.js';
import { volumeBody } from '../services/volume-stream.js';

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

export interface AppProtocolDeps {
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  volumes: Pick<VolumeStore, 'get'>;
  /** The session of the page now in the window: only its volumes can be read (the window is the one client). */
  session: () => string;
}

export function appRequestHandler(deps: AppProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = new Headers(SECURITY_HEADERS);
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404, headers });
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405, headers });
    const m = /^\/volume\/(v[0-9a-f]{16})\/data$/.exec(url.pathname);
    if (m) {
      const v = deps.volumes.get(m[1], deps.session());
      if (!v) return new Response('no such volume', { status: 404, headers });
      headers.set('Content-Type', 'application/octet-stream');
      return new Response(request.method === 'HEAD' ? null : volumeBody(v), { status: 200, headers });
    }
    const file = await readRendererFile(deps.rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404, headers });
    headers.set('Content-Type', file.type);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), { status: 200, headers });
  };
}
