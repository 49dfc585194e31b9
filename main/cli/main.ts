import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { registerAllReaders } from '../../app/formats/all-readers.js';
import { configDir } from '../services/config-dir.js';
import { memoryBudget } from '../services/memory-budget.js';
import { RecentFiles } from '../services/recent-files.js';
import { VolumeStore } from '../services/volume-store.js';
import { parseArgs, UsageError } from './args.js';
import { VERSION } from './build-info.js';
import { describe, infoFor } from './info.js';
import { serveCommand } from './serve.js';
import { benchCommand } from './bench.js';

const HELP = `voxelscope ${VERSION}: a volume viewer for scientists

Usage:
  voxelscope info FILE... [--json]        dimensions, type, spacing, stats and checksum of each file
  voxelscope serve [FILE...] [--root DIR] [--port N]
                                          the viewer in a browser, on 127.0.0.1 with a per-run token
  voxelscope bench [--quick] [--only NAME] [--out FILE]
                                          decoding benchmarks, with Python references where installed,
                                          and the slice viewer's in Chromium (skipped without it)
  voxelscope --help | --version

Environment:
  VOXELSCOPE_MEMORY_BUDGET   most bytes one volume may use (e.g. 8G); default half the physical memory
`;

const here = dirname(fileURLToPath(import.meta.url));

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  registerAllReaders();
  const budget = memoryBudget();
  const store = new VolumeStore(new URL('./decode-worker.mjs', import.meta.url));
  try {
    switch (cmd) {
      case 'info': {
        const args = parseArgs(rest, ['json']);
        if (!args.positional.length) throw new UsageError('info needs at least one FILE');
        let failed = 0;
        for (const file of args.positional) {
          try {
            const { json, meta } = await infoFor(file, store, budget);
            process.stdout.write((args.flags.has('json') ? JSON.stringify(json) : describe(file, json, meta)) + '\n');
          } catch (e) {
            failed++;
            process.stderr.write(`voxelscope: ${oneLine(e, file)}\n`);
          }
        }
        return failed ? 1 : 0;
      }
      case 'serve':
        await serveCommand(parseArgs(rest), { store, recent: new RecentFiles(configDir()), rendererDir: join(here, '../renderer'), budget, version: VERSION });
        return 0;
      case 'bench':
        return await benchCommand(parseArgs(rest, ['quick']), { store, budget, rendererDir: join(here, '../renderer') });
      default:
        throw new UsageError(`unknown command '${cmd}' (try voxelscope --help)`);
    }
  } catch (e) {
    process.stderr.write(`voxelscope: ${e instanceof UsageError ? e.message : oneLine(e, cmd)}\n`);
    return 2;
  } finally {
    await store.destroy();
  }
}

/** One clear line naming the file and the problem. */
function oneLine(e: unknown, file: string): string {
  const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const base = file.split(/[\\/]/).pop() ?? file;
  return msg.includes(base) ? msg : `${file}: ${msg}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`voxelscope: ${String(e)}\n`);
    process.exit(1);
  },
);
