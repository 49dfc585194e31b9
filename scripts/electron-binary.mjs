// Where the electron package's binary is, or null when it was never downloaded
// (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or npm did not run its install script).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The electron package's folder, or null when it is not installed at all. */
function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function electronBinary() {
  const dir = electronPackageDir();
  if (!dir) return null;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

/** The unpacked Electron the binary lives in (electron-builder's electronDist), or null. */
export function electronDistDir() {
  return electronBinary() ? join(electronPackageDir(), 'dist') : null;
}

/**
 * The binary, running the electron package's own installer once where it is missing (it downloads the
 * binary on a machine that is online), unless ELECTRON_SKIP_BINARY_DOWNLOAD says not to.
 */
export function ensureElectronBinary() {
  const dir = electronPackageDir();
  if (electronBinary() || !dir || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return electronBinary();
  spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return electronBinary();
}
