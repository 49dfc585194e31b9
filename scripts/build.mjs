// Bundles every runtime with esbuild into dist/: the renderer (browser ESM + workers), the CLI and its
// decode worker (Node ESM), the Electron main process (Node ESM) and its preload (CommonJS, as a
// sandboxed preload must be). Type checking is separate (`tsc -b`); this only bundles.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { buildFiltersWasm, buildNative } from './build-native.mjs';
import { gitCommit } from './git-commit.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The version and (from a git checkout) the commit, for --version and the app record of recipes: app/recipe/app-info.ts.
const define = { __VOXELSCOPE_VERSION__: JSON.stringify(pkg.version), __VOXELSCOPE_COMMIT__: JSON.stringify(gitCommit()) };
const common = { bundle: true, sourcemap: 'linked', logLevel: 'warning', define, legalComments: 'none' };

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/renderer', { recursive: true });

await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'renderer/main.ts', 'job.worker': 'renderer/workers/job.worker.ts' },
    outdir: 'dist/renderer',
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: process.env.VOXELSCOPE_DEV ? false : true,
  }),
  build({
    ...common,
    // fuzz: the reader fuzzer (`npm run fuzz`), a development tool beside the CLI; it needs the decode worker next to it.
    entryPoints: {
      cli: 'main/cli/entry.ts', 'decode-worker': 'main/services/decode-worker.ts', 'job-worker': 'main/services/job-worker.ts',
      'hash-worker': 'main/services/hash-worker.ts',
      'electron-main': 'main/electron/main.ts', fuzz: 'main/cli/fuzz/main.ts',
    },
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // playwright-core (a dev dependency, for the viewer benchmarks) is loaded at run time when present.
    external: ['electron', 'playwright-core'],
    // Some dependencies are CommonJS; give the ESM bundle a require() for them.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: { preload: 'main/preload/preload.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['electron'],
  }),
]);
cpSync('renderer/index.html', 'dist/renderer/index.html');
// The Python side of `voxelscope run --dask`, found beside the bundled CLI.
cpSync('main/cli/run/dask-client.py', 'dist/main/dask-client.py');
cpSync('renderer/styles.css', 'dist/renderer/styles.css');
cpSync('renderer/widgets/widgets.css', 'dist/renderer/widgets.css');
buildNative();
// The filter kernels for the host and CLI (dist/native) and for the renderer's workers (served beside them).
const filtersWasm = buildFiltersWasm();
if (filtersWasm) cpSync(filtersWasm, 'dist/renderer/filters.wasm');
console.log('built dist/');
