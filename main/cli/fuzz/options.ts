import { availableParallelism } from 'node:os';
import { parseArgs, UsageError, intFlag } from '../args.js';
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
  /** Replay the kept cases under this folder instead of fuzzing. */
  replay: string | null;
}

export const USAGE = `npm run fuzz -- [--seconds N] [--cases N] [--seed S] [--format tiff,nifti,envi,npy,sequence,contract]
                [--keep DIR|none] [--runners N] [--start I] [--budget SIZE] [--timeout-ms MS] [--quiet]
       npm run fuzz -- --replay [DIR]

Seeded mutation fuzzing of every reader (through the same entry as voxelscope info) and of the host's
contract. Case I of seed S is always the same input; --start I --cases 1 replays one. Failing inputs are
shrunk and kept under --keep (default test/fixtures/fuzz); --replay runs every kept case
again. Default: 60 seconds, a fresh seed.`;

export function parseFuzzOptions(argv: string[]): FuzzOptions {
  const a = parseArgs(argv, ['quiet', 'help']);
  if (a.flags.has('help')) throw new UsageError(USAGE);
  const formats = String(a.flags.get('format') ?? ALL_FORMATS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of formats) if (!(ALL_FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format '${f}' (${ALL_FORMATS.join(', ')})`);
  const hasCases = a.flags.has('cases');
  const keep = a.flags.get('keep');
  const replay = a.flags.get('replay');
  const budget = memoryBudget({ VOXELSCOPE_MEMORY_BUDGET: String(a.flags.get('budget') ?? FUZZ_BUDGET) });
  return {
    seconds: intFlag(a, 'seconds', hasCases ? 0 : 60),
    cases: intFlag(a, 'cases', 0),
    seed: a.flags.has('seed') ? String(a.flags.get('seed')) : Date.now().toString(36),
    formats: formats as FuzzFormat[],
    keep: keep === 'none' ? null : typeof keep === 'string' ? keep : KEPT_DIR,
    runners: intFlag(a, 'runners', Math.max(1, availableParallelism())),
    start: intFlag(a, 'start', 0),
    budget,
    timeoutMs: intFlag(a, 'timeout-ms', 2000),
    quiet: a.flags.has('quiet'),
    replay: replay === undefined ? null : replay === true ? KEPT_DIR : replay,
  };
}
