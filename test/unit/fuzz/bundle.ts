import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO } from '../paths.js';

/** Bundles the fuzzer and its decode worker side by side, as scripts/build.mjs does; returns the fuzzer's path. */
export async function bundleFuzzer(): Promise<{ dir: string; fuzz: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'vs-fuzz-test-'));
  await build({
    entryPoints: { fuzz: join(REPO, 'main/cli/fuzz/main.ts'), 'decode-worker': join(REPO, 'main/services/decode-worker.ts') },
    bundle: true, platform: 'node', format: 'esm', outdir: dir, outExtension: { '.js': '.mjs' }, logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { dir, fuzz: join(dir, 'fuzz.mjs') };
}
