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

/**
 * Compiles the filter kernels (native/filters/*.c) to WebAssembly SIMD128 with clang and lld, no libc,
 * into outDir/filters.wasm; returns its path, or null (with a one-line reason) where there is no clang
 * with a wasm32 target: the filters then run their TypeScript kernels (same results, slower).
 */
export function buildFiltersWasm(outDir = 'dist/native') {
  const clang = process.env.VOXELSCOPE_CLANG || 'clang';
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'filters.wasm');
  const src = new URL('../native/filters/filters.c', import.meta.url).pathname;
  const r = spawnSync(clang, [
    '--target=wasm32', '-msimd128', '-mbulk-memory', '-O3', '-ffp-contract=off', '-nostdlib', '-Wall', '-Wextra', '-Werror',
    '-Wl,--no-entry', '-Wl,--export-dynamic', '-Wl,--export=__heap_base', '-Wl,-z,stack-size=1048576', src, '-o', out,
  ], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`native: ${clang} could not build native/filters/filters.c (${(r.stderr || r.error?.message || '').trim().split('\n')[0]}); the filters use their TypeScript kernels`);
    return null;
  }
  return out;
}
