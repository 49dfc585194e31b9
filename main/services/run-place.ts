import { existsSync } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { RunTarget } from '../../app/ipc/contract.js';
import { FileAccess, type Grant } from './file-access.js';
import { HostError } from './host-error.js';
import { resolveUnderRoot } from './root-browser.js';
import type { RunPicks } from './run-picks.js';

/**
 * Where a batch run reads and writes, resolved by the host from what the page named: paths under the
 * browser host's root, or ids of what the user picked in the desktop app's dialogs. The page never
 * names an absolute path; the run reads only through `read` and writes only where `write` allows.
 */
export interface RunPlace {
  /** Absolute inputs (files or folders). */
  inputs: string[];
  /** The output folder (absolute; the parts that do not exist yet are created below its real, checked part). */
  outDir: string;
  read: FileAccess;
  /** The output folder's bounds: an output whose way resolves elsewhere (a link) is refused. */
  write: FileAccess;
  /** Text the user sees: absolute paths made relative to the root, or to the folder holding each pick. */
  display: (s: string) => string;
}

export interface PlaceContext {
  /** The browser host's access under --root, or null (the desktop app has no root). */
  root: FileAccess | null;
  picks: RunPicks;
  owner: string;
}

export async function resolvePlace(inputs: readonly RunTarget[], out: RunTarget, c: PlaceContext): Promise<RunPlace> {
  const prefixes = new Set<string>();
  const grants: Grant[] = [];
  let underRoot = false;
  const resolved: string[] = [];
  for (const t of inputs) {
    if (typeof t === 'string') {
      resolved.push(await resolveUnderRoot(needRoot(c), t));
      underRoot = true;
    } else {
      const p = c.picks.get(c.owner, t.pick);
      resolved.push(p.path);
      grants.push({ path: p.path, kind: p.kind });
      prefixes.add(dirname(p.path));
    }
  }
  let outDir: string;
  let write: FileAccess;
  if (typeof out === 'string') {
    const root = needRoot(c);
    outDir = await outUnderRoot(root, out);
    write = root;
  } else {
    const p = c.picks.get(c.owner, out.pick);
    if (p.kind !== 'dir') throw new HostError('invalid-request', `${p.name}: not a folder (the output folder must be one)`);
    const st = await stat(p.path).catch(() => null);
    if (!st?.isDirectory()) throw new HostError('not-found', `${p.name}: the output folder is no longer there; pick it again`);
    outDir = p.path;
    write = FileAccess.picked([{ path: p.path, kind: 'dir' }]);
    prefixes.add(dirname(p.path));
  }
  if (typeof out === 'string' || underRoot) prefixes.add(await c.root!.rootPath());
  // Inputs under the root and picked ones in one run: the run reads both, each within its own bounds.
  const read = grants.length === 0 ? c.root! : FileAccess.picked(underRoot ? [...grants, { path: await c.root!.rootPath(), kind: 'dir' }] : grants);
  // Longest first, so a pick's own folder wins over a root above it.
  const bases = [...prefixes].sort((a, b) => b.length - a.length).map((p) => (p.endsWith(sep) ? p : p + sep));
  const display = (s: string): string => bases.reduce((t, b) => t.split(b).join(''), s);
  return { inputs: resolved, outDir, read, write, display };
}

function needRoot(c: PlaceContext): FileAccess {
  if (!c.root) throw new HostError('not-available', 'paths are named only in the browser host (voxelscope serve --root DIR); pick the files and the output folder');
  return c.root;
}

/** The output folder under the root: its deepest existing part resolved (a link out refused), the rest created below it. */
async function outUnderRoot(access: FileAccess, relOut: string): Promise<string> {
  const root = await access.rootPath();
  let existing = join(root, relOut);
  const rest: string[] = [];
  while (!existsSync(existing)) {
    rest.unshift(existing.slice(dirname(existing).length + 1));
    existing = dirname(existing);
  }
  const real = await realpath(existing);
  if (!(await access.contains(real))) throw new HostError('not-found', `${relOut}: the output folder is outside the served root`);
  const st = await lstat(real);
  if (!st.isDirectory()) throw new HostError('invalid-request', `${relative(root, real) || '.'}: not a folder (the output folder must be one)`);
  return join(real, ...rest);
}
