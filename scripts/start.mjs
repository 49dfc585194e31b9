// `npm start`: build, then launch the Electron app. Where the Electron binary is missing, try the
// electron package's own installer once (it downloads the binary on a machine that is online); where
// that fails too, say so in one line and start the browser host instead, printing its URL.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const files = process.argv.slice(2);
if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);

let bin = electronBinary();
if (!bin && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  try {
    const installer = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js');
    spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 120_000 });
    bin = electronBinary();
  } catch {
    bin = null;
  }
}

const child = bin
  ? spawn(bin, ['dist/main/electron-main.mjs', ...files], { stdio: 'inherit' })
  : (console.log('voxelscope: the Electron binary is not installed (it cannot be downloaded here); starting the browser host instead.'),
    spawn(process.execPath, ['bin/voxelscope.mjs', 'serve', ...files], { stdio: 'inherit' }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
