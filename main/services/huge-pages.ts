import { createRequire } from 'node:module';

/**
 * Huge-page advice for fresh voxel buffers, through the optional addon native/huge-pages.c (built into
 * dist/native by `npm run build` where a C compiler and the Node headers exist). Without it, or where
 * the kernel refuses, buffers get ordinary pages: same bytes, only a slower first write.
 */
type Addon = { adviseHugePages(view: Uint8Array): boolean };
let addon: Addon | null | undefined;

function load(): Addon | null {
  if (addon !== undefined) return addon;
  try {
    // Relative to the bundle in dist/main (the CLI and the Electron main process).
    addon = createRequire(import.meta.url)('../native/huge-pages.node') as Addon;
  } catch {
    addon = null;
  }
  return addon;
}

/** Advises huge pages for a buffer not yet written to; true when the kernel took the advice. */
export function adviseHugePages(sab: SharedArrayBuffer): boolean {
  const a = load();
  return a ? a.adviseHugePages(new Uint8Array(sab)) : false;
}

export function hugePagesAvailable(): boolean {
  return load() !== null;
}
