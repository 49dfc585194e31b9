import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { REPO } from '../paths.js';

/** Bundles the host's decode worker into `dir` (as the build does) and returns its URL for a VolumeStore. */
export async function bundleDecodeWorker(dir: string): Promise<URL> {
  const outfile = join(dir, 'decode-worker.mjs');
  await build({
    entryPoints: [join(REPO, 'main/services/decode-worker.ts')], bundle: true, platform: 'node', format: 'esm',
    outfile, logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return pathToFileURL(outfile);
}
