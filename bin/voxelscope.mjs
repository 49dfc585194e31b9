#!/usr/bin/env node
// The `voxelscope` command: runs the bundled CLI (built by `npm run build` into dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('voxelscope: not built yet; run `npm run build` first\n');
  process.exit(2);
}
await import(cli);
