import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Debian's own interpreter carries the reference libraries (python3-scipy, -tifffile, -nibabel); the
 * python3 first on PATH may be another one without them.
 */
const PYTHON = process.env.VOXELSCOPE_REFERENCE_PYTHON ?? '/usr/bin/python3';

export function havePythonModule(mod: string): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs `body` (Python, with `args` bound to a list of strings) `repeats` times in one process after one
 * warm-up, and returns each run's seconds. The body does the whole measured operation.
 */
export function timePython(setup: string, body: string, args: string[], repeats: number): number[] | null {
  const script = [
    'import sys, time, json',
    'args = sys.argv[1:]',
    setup,
    'def run():',
    ...body.split('\n').map((l) => '    ' + l),
    'run()',
    'out = []',
    `for _ in range(${repeats}):`,
    '    t = time.perf_counter(); run(); out.append(time.perf_counter() - t)',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    process.stderr.write(`reference failed: ${r.stderr.split('\n').slice(-3).join(' ')}\n`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as number[];
}
