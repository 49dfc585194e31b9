import { resolve } from 'node:path';
import { identityPlan } from '../../app/model/load-plan.js';
import { FileAccess } from '../services/file-access.js';
import type { RecentFiles } from '../services/recent-files.js';
import type { VolumeStore } from '../services/volume-store.js';
import { startServer } from '../serve/server.js';
import { openHeader } from '../services/open-volume.js';
import { opt, type ParsedCommand } from './command-line.js';

/** `voxelscope serve [FILE...] [--root DIR] [--port N]`: runs the browser host until interrupted. */
export async function serveCommand(args: ParsedCommand, ctx: { store: VolumeStore; recent: RecentFiles; rendererDir: string; budget: number; version: string }): Promise<void> {
  const rootFlag = opt<string>(args, 'root');
  const port = opt<number>(args, 'port') ?? 0;
  // Files named here open in every page that connects; say now which cannot be read at all.
  const startupFiles: string[] = [];
  for (const file of args.args) {
    try {
      // Named on the command line by whoever started the server: not confined to --root.
      await (await openHeader(resolve(file), ctx.budget, identityPlan, FileAccess.anywhere())).files.close();
      startupFiles.push(resolve(file));
    } catch (e) {
      process.stderr.write(`voxelscope: ${(e as Error).message}\n`);
    }
  }
  const server = await startServer({
    port, root: resolve(rootFlag ?? process.cwd()), rendererDir: ctx.rendererDir, memoryBudget: ctx.budget,
    version: ctx.version, store: ctx.store, recent: ctx.recent, startupFiles,
    // Bundled beside this file, as for voxelscope run (main/cli/main.ts).
    batchWorkers: { decode: new URL('./decode-worker.mjs', import.meta.url), job: new URL('./job-worker.mjs', import.meta.url), hash: new URL('./hash-worker.mjs', import.meta.url) },
  });
  process.stdout.write(`Voxelscope browser host: ${server.url}\n`);
  process.stdout.write(`(listening on 127.0.0.1 only; the token in the URL is required; Ctrl+C to stop)\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      void server.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
