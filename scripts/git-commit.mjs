// The commit a build is made from, for `voxelscope --version` and the app record of recipes and run logs:
// the short hash, with "-dirty" when tracked files differ from it; null outside a git checkout (a
// tarball, an npm install) or without git, so the build never fails for want of it.
import { execFileSync } from 'node:child_process';

export function gitCommit(cwd = process.cwd()) {
  const git = (...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    if (git('rev-parse', '--is-inside-work-tree') !== 'true') return null;
    const hash = git('rev-parse', '--short=7', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return dirty ? `${hash}-dirty` : hash;
  } catch {
    return null;
  }
}
