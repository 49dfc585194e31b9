import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's interpreter (the python3 first on PATH lacks numpy/tifffile). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** True when Debian's python exists and can import every module named. */
export function havePython(...modules: string[]): boolean {
  if (!existsSync(DEBIAN_PYTHON)) return false;
  const r = spawnSync(DEBIAN_PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ') || 'pass'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Runs a script with Debian's python and returns its stdout parsed as JSON. */
export function runPythonJson(script: string, args: string[] = []): unknown {
  const r = spawnSync(DEBIAN_PYTHON, ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
