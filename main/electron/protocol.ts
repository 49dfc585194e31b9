import { protocol } from 'electron';
import { appRequestHandler, type AppProtocolDeps } from './app-protocol.js';

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
export function handleAppProtocol(deps: AppProtocolDeps): void {
  protocol.handle('app', appRequestHandler(deps));
}
