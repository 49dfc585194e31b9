import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { registerAllReaders } from '../../app/formats/all-readers.js';
import { configDir } from '../services/config-dir.js';
import { memoryBudget } from '../services/memory-budget.js';
import { RecentFiles } from '../services/recent-files.js';
import { VolumeStore } from '../services/volume-store.js';
import { HelpRequested, UsageError, parseCommand, usageLine } from './command-line.js';
import { COMMANDS, benchCommandSpec, filterCommandSpec, infoCommand, montageCommandSpec, recipeCommandSpec, runCommandSpec, serveCommandSpec } from './commands.js';
import { montageCommand } from './montage.js';
import { recipeCommand } from './recipe.js';
import { runCommand } from './run/command.js';
import { filterCommand } from './filter.js';
import { hostJobPool } from '../services/job-pool.js';
import type { JobPool } from '../../app/jobs/pool.js';
import { VERSION, versionLine } from './build-info.js';
import { describe, infoFor } from './info.js';
import { serveCommand } from './serve.js';
import { benchCommand } from './bench.js';

/** `voxelscope --help`: every command's usage line, from the commands' own declarations. */
function overview(): string {
  return [
    `voxelscope ${VERSION}: a volume viewer for scientists`,
    '',
    'Usage:',
    ...COMMANDS.map((c) => `  ${usageLine(c)}\n      ${c.summary}`),
    '  voxelscope --help | --version | COMMAND --help',
    '',
    'Environment:',
    '  VOXELSCOPE_MEMORY_BUDGET   most bytes of voxels held at once (e.g. 8G); default half the physical memory',
    '',
  ].join('\n');
}

const here = dirname(fileURLToPath(import.meta.url));

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    process.stdout.write(overview());
    return 0;
  }
  if (cmd === 'help') return main(rest.length ? [rest[0], '--help'] : ['--help']);
  if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${versionLine()}\n`);
    return 0;
  }
  const spec = COMMANDS.find((c) => c.name === cmd);
  if (!spec) {
    process.stderr.write(`voxelscope: unknown command '${cmd}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see voxelscope --help)\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseCommand(spec, rest);
  } catch (e) {
    if (e instanceof HelpRequested) {
      process.stdout.write(e.help);
      return 0;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
  registerAllReaders();
  const budget = memoryBudget();
  const store = new VolumeStore(new URL('./decode-worker.mjs', import.meta.url));
  let jobs = null as JobPool | null;
  const pool = (): JobPool => (jobs ??= hostJobPool(new URL('./job-worker.mjs', import.meta.url)));
  try {
    switch (spec) {
      case recipeCommandSpec:
        return recipeCommand(parsed);
      case filterCommandSpec:
        return await filterCommand(parsed, { store, budget, pool });
      case montageCommandSpec:
        return await montageCommand(parsed, { store, budget });
      case runCommandSpec:
        return await runCommand(parsed, { budget, decodeWorker: new URL('./decode-worker.mjs', import.meta.url), jobWorker: new URL('./job-worker.mjs', import.meta.url), hashWorker: new URL('./hash-worker.mjs', import.meta.url) });
      case infoCommand: {
        let failed = 0;
        for (const file of parsed.args) {
          try {
            const { json, meta } = await infoFor(file, store, budget);
            process.stdout.write((parsed.options.has('json') ? JSON.stringify(json) : describe(file, json, meta)) + '\n');
          } catch (e) {
            failed++;
            process.stderr.write(`voxelscope: ${oneLine(e, file)}\n`);
          }
        }
        return failed ? 1 : 0;
      }
      case serveCommandSpec:
        await serveCommand(parsed, { store, recent: new RecentFiles(configDir()), rendererDir: join(here, '../renderer'), budget, version: VERSION });
        return 0;
      case benchCommandSpec:
        return await benchCommand(parsed, { store, budget, rendererDir: join(here, '../renderer') });
      default:
        throw new Error(`voxelscope ${cmd}: not implemented`);
    }
  } catch (e) {
    process.stderr.write(`${e instanceof UsageError ? e.message : `voxelscope: ${oneLine(e, parsed.args[0] ?? cmd)}`}\n`);
    return e instanceof UsageError ? e.exitCode : 1;
  } finally {
    jobs?.terminate();
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
