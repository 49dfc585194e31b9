// `npm run dist [electron-builder options]`: build, then package with electron-builder from the
// electron package's own binary (electronDist), so packaging needs no second Electron download. Where
// there is no binary and none can be fetched, it stops with one line instead of a download stack trace.
// Extra arguments go to electron-builder, e.g. `npm run dist -- --dir` or `npm run dist -- --linux deb`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { electronDistDir, ensureElectronBinary } from './electron-binary.mjs';

if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
ensureElectronBinary();
const electronDist = electronDistDir();
if (!electronDist) {
  console.error('voxelscope: npm run dist needs the Electron binary, which is not installed and could not be downloaded (offline, or ELECTRON_SKIP_BINARY_DOWNLOAD set); run it on a machine where `npm install` can fetch Electron.');
  process.exit(1);
}
const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
const args = ['--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, ...process.argv.slice(2)];
process.exit(spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status ?? 1);
