import { randomBytes } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Grant } from './file-access.js';
import { HostError } from './host-error.js';

/** A file or folder the user picked in a native dialog, as the host keeps it; the page only ever sees id, name and kind. */
export interface RunPick extends Grant {
  id: string;
  owner: string;
  /** The name shown for it (its own name, as the dialog showed it). */
  name: string;
}

/** Picks one session may hold at once (a dialog's multi-selection is bounded the same way). */
export const MAX_PICKS = 4096;

/**
 * What the native dialogs of *Run on files…* returned, by opaque id (random, like volume ids), for the
 * session that asked. runStart names picks by these ids; the host resolves them here, so the renderer
 * can name nothing the user did not pick, and another session's ids are not found. Paths are resolved
 * when picked: a pick is the file or folder the dialog chose, even if a link is changed later.
 */
export class RunPicks {
  private readonly picks = new Map<string, RunPick>();

  /** Registers what a dialog returned for `owner`; paths that are gone or of the wrong kind are passed over. */
  async add(owner: string, paths: readonly string[], want: 'file' | 'dir' | 'any'): Promise<RunPick[]> {
    const out: RunPick[] = [];
    for (const path of paths) {
      const real = await realpath(path).catch(() => null);
      const st = real ? await stat(real).catch(() => null) : null;
      if (!real || !st || !(st.isFile() || st.isDirectory())) continue;
      const kind = st.isDirectory() ? 'dir' : 'file';
      if (want !== 'any' && kind !== want) continue;
      // Picking the same file again names the same pick (the run then reads it once, not twice).
      const again = [...this.picks.values()].find((p) => p.owner === owner && p.path === real);
      if (again) {
        out.push(again);
        continue;
      }
      if (this.countOf(owner) >= MAX_PICKS) throw new HostError('invalid-request', `more than ${MAX_PICKS} picked files and folders; start a new page or pick a folder instead`);
      const pick: RunPick = { id: `p${randomBytes(8).toString('hex')}`, owner, path: real, kind, name: basename(path) || real };
      this.picks.set(pick.id, pick);
      out.push(pick);
    }
    return out;
  }

  /** The pick `id` of `owner`; any other id (another session's, made up, forgotten) is not found. */
  get(owner: string, id: string): RunPick {
    const p = this.picks.get(id);
    if (!p || p.owner !== owner) throw new HostError('not-found', 'that picked file or folder is not known (pick it again)');
    return p;
  }

  /** The session ended: its picks go. */
  releaseOwnedBy(owner: string): void {
    for (const [id, p] of this.picks) if (p.owner === owner) this.picks.delete(id);
  }

  private countOf(owner: string): number {
    let n = 0;
    for (const p of this.picks.values()) if (p.owner === owner) n++;
    return n;
  }
}
