import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';

/**
 * Files dropped into the browser page are uploaded into a private temporary folder per drop (so a
 * .hdr/.img pair dropped together stays together) and opened from there. Removed on exit.
 */
export class DropStore {
  private readonly root = mkdtempSync(join(tmpdir(), 'voxelscope-drops-'));
  private readonly groups = new Map<string, string>();

  async receive(req: IncomingMessage, name: string, dropId: string | null, maxBytes: number): Promise<string> {
    const safe = basename(name).replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'dropped';
    let id = dropId;
    if (!id || !this.groups.has(id)) {
      id = 'd' + randomBytes(8).toString('hex');
      this.groups.set(id, mkdtempSync(join(this.root, 'g')));
    }
    const dest = join(this.groups.get(id)!, safe);
    let seen = 0;
    req.on('data', (b: Buffer) => {
      seen += b.length;
      if (seen > maxBytes) req.destroy(new Error(`${safe}: upload larger than the memory budget`));
    });
    await pipeline(req, createWriteStream(dest, { flags: 'wx' }));
    return id;
  }

  resolve(dropId: string, name: string): string | null {
    const dir = this.groups.get(dropId);
    return dir ? join(dir, basename(name)) : null;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
