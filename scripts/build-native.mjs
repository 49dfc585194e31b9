// Builds the optional Node-API addon in native/ (huge-page advice for voxel buffers) with the system C
// compiler, straight against the Node headers: no node-gyp, no download. Where there is no compiler or
// no headers it says so and stops; the host then runs without it (same results, slower first open).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Compiles the addon into outDir; returns its path, or null (with a one-line reason) where it cannot. */
export function buildNative(outDir = 'dist/native') {
  if (process.platform !== 'linux') return null; // MADV_HUGEPAGE is Linux advice
  const headers = [join(dirname(dirname(process.execPath)), 'include', 'node'), '/usr/include/node'].find((d) => existsSync(join(d, 'node_api.h')));
  const cc = process.env.CC || 'cc';
  if (!headers) {
    console.log('native: no Node headers found; building without the huge-page addon');
    return null;
  }
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'huge-pages.node');
  const src = new URL('../native/huge-pages.c', import.meta.url).pathname;
  const r = spawnSync(cc, ['-O2', '-shared', '-fPIC', '-Wall', '-Werror', `-I${headers}`, src, '-o', out], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`native: ${cc} could not build native/huge-pages.c (${(r.stderr || r.error?.message || '').trim().split('\n')[0]}); building without it`);
    return null;
  }
  return out;
}
