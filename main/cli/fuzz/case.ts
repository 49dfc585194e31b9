import { applyOps, type Files, type Op } from './ops.js';
import { fileOps, setOps } from './mutators/index.js';
import { Rng } from './prng.js';
import type { ReaderFormat, Seed } from './seeds.js';

/** One input for the readers: a seed's files after some edits, and what to open ('.' = the folder). */
export interface ReaderCase {
  index: number;
  format: ReaderFormat;
  seed: string;
  target: string;
  base: Files;
  ops: Op[];
}

export const filesOf = (c: ReaderCase): Files => applyOps(c.base, c.ops);

/** How many edits a case gets: mostly one or two, sometimes none (the seed as it is) or many. */
const EDIT_COUNTS: [number, number][] = [[1, 0], [10, 1], [6, 2], [3, 3], [2, 4], [1, 8]];

/**
 * Case `index` of run `seed`, from `seeds` of `format`: always the same for the same arguments. Each
 * edit is chosen against the files as the previous edits left them, so structure-aware edits stack.
 */
export function buildCase(seeds: readonly Seed[], runSeed: string, index: number, format: ReaderFormat): ReaderCase {
  const rng = new Rng(runSeed, index);
  const pool = seeds.filter((s) => s.format === format);
  const seed = rng.pick(pool);
  const target = rng.pick(seed.targets);
  const base: Files = new Map(seed.files);
  const ops: Op[] = [];
  let files = base;
  const n = rng.weighted(EDIT_COUNTS);
  for (let i = 0; i < n && files.size; i++) {
    const names = [...files.keys()];
    let step: Op[];
    if (names.length > 1 && rng.chance(0.12)) step = setOps(rng, files, target);
    else {
      const f = target !== '.' && files.has(target) && rng.chance(0.6) ? target : rng.pick(names);
      step = fileOps(rng, f, files.get(f)!);
    }
    ops.push(...step);
    files = applyOps(files, step);
  }
  return { index, format, seed: seed.name, target, base, ops };
}
