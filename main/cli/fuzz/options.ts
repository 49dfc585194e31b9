import { availableParallelism } from 'node:os';
import { helpText, opt, parseCommand, UsageError, type CommandSpec } from '../command-line.js';
import { memoryBudget } from '../../services/memory-budget.js';
import { READER_FORMATS } from './seeds.js';

export const ALL_FORMATS = [...READER_FORMATS, 'contract'] as const;
export type FuzzFormat = (typeof ALL_FORMATS)[number];

/** Where failing inputs are kept as regression cases (the unit tests replay them). */
export const KEPT_DIR = 'test/fixtures/fuzz';
/** The fuzzing memory budget: small, so over-budget refusals are exercised too. */
export const FUZZ_BUDGET = '16M';

export interface FuzzOptions {
  seconds: number;
  cases: number;
  seed: string;
  formats: FuzzFormat[];
  keep: string | null;
  runners: number;
  start: number;
  budget: number;
  timeoutMs: number;
  quiet: boolean;
  /** Replay the kept cases (under --keep) instead of fuzzing. */
  replay: boolean;
}

/** The fuzzer's options, declared like every command of the CLI (it is run as `npm run fuzz -- ...`). */
export const FUZZ_COMMAND: CommandSpec = {
  name: 'fuzz',
  summary: 'Seeded mutation fuzzing of every reader (through the same entry as voxelscope info) and of the host\'s contract.',
  args: '',
  minArgs: 0,
  maxArgs: 0,
  options: [
    { name: 'seconds', kind: 'int', value: 'N', min: 0, help: 'fuzz for N seconds (default 60, or until --cases)' },
    { name: 'cases', kind: 'int', value: 'N', min: 0, help: 'fuzz N cases' },
    { name: 'seed', kind: 'string', value: 'S', help: 'the run\'s seed (default: a fresh one, printed)' },
    { name: 'format', kind: 'string', value: 'LIST', help: `comma-separated, of ${ALL_FORMATS.join(', ')} (default all)` },
    { name: 'keep', kind: 'string', value: 'DIR', help: `where failures are kept and --replay reads them (default ${KEPT_DIR}; none: not kept)` },
    { name: 'replay', kind: 'flag', help: 'run every kept case again instead of fuzzing' },
    { name: 'start', kind: 'int', value: 'I', min: 0, help: 'first case index (--start I --cases 1 replays case I)' },
    { name: 'runners', kind: 'int', value: 'N', min: 1, max: 64, help: 'runner processes (default: one per core)' },
    { name: 'budget', kind: 'string', value: 'SIZE', help: `memory budget of each case (default ${FUZZ_BUDGET})` },
    { name: 'timeout-ms', kind: 'int', value: 'MS', min: 100, help: 'per-case limit (default 2000)' },
    { name: 'quiet', kind: 'flag', help: 'no progress lines' },
  ],
  details: 'Case I of seed S is always the same input. Failing inputs are shrunk and kept as regression cases, which the unit tests replay.',
};

/** The fuzzer's help, in the words a user runs it with. */
export const fuzzHelp = (): string => asNpm(helpText(FUZZ_COMMAND));
export const asNpm = (text: string): string => text.split('voxelscope fuzz:').join('fuzz:').split('voxelscope fuzz').join('npm run fuzz --');

export function parseFuzzOptions(argv: string[]): FuzzOptions {
  const p = parseCommand(FUZZ_COMMAND, argv);
  const formats = (opt<string>(p, 'format') ?? ALL_FORMATS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of formats) if (!(ALL_FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format '${f}' (${ALL_FORMATS.join(', ')})`);
  const keep = opt<string>(p, 'keep');
  const cases = opt<number>(p, 'cases') ?? 0;
  return {
    seconds: opt<number>(p, 'seconds') ?? (cases ? 0 : 60),
    cases,
    seed: opt<string>(p, 'seed') ?? Date.now().toString(36),
    formats: formats as FuzzFormat[],
    keep: keep === 'none' ? null : keep ?? KEPT_DIR,
    runners: opt<number>(p, 'runners') ?? Math.max(1, availableParallelism()),
    start: opt<number>(p, 'start') ?? 0,
    budget: memoryBudget({ VOXELSCOPE_MEMORY_BUDGET: opt<string>(p, 'budget') ?? FUZZ_BUDGET }),
    timeoutMs: opt<number>(p, 'timeout-ms') ?? 2000,
    quiet: p.options.has('quiet'),
    replay: p.options.has('replay'),
  };
}
