// `npm start`: build, then launch the Electron app. Where the Electron binary is missing, try the
// electron package's own installer once (it downloads the binary on a machine that is online); where
// that fails too, say so in one line and start the browser host instead, printing its URL.
import { spawn, spawnSync } from 'node:child_process';
import { ensureElectronBinary } from './electron-binary.mjs';

const files = process.argv.slice(2);
if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const bin = ensureElectronBinary();
// Electron runs the app folder ('.'), as a packaged app runs its archive: package.json's main, name
// (productName) and so the settings folder are the packaged app's, not the default app's "Electron".
const child = bin
  ? spawn(bin, ['.', ...files], { stdio: 'inherit' })
  : (console.log('voxelscope: the Electron binary is not installed (it cannot be downloaded here); starting the browser host instead.'),
    spawn(process.execPath, ['bin/voxelscope.mjs', 'serve', ...files], { stdio: 'inherit' }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
