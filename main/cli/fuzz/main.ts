import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelpRequested, UsageError } from '../command-line.js';
import { keepFailure, signature, type Failure } from './failures.js';
import { isFailure } from './outcome.js';
import { asNpm, fuzzHelp, KEPT_DIR, parseFuzzOptions, type FuzzFormat } from './options.js';
import { RunnerPool, type JobWithoutId } from './pool.js';
import { Tally } from './report.js';
import { replayKept } from './replay.js';
import { runnerMain } from './runner.js';
import { loadSeeds } from './seeds.js';

/** Most distinct failures shrunk and kept per run (the rest are listed). */
const MAX_KEPT = 25;
/** A runner's resident memory past this kills it: far above any case the budget allows. */
const RSS_CAP = 1536 * 2 ** 20;

function scratchRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

async function fuzzMain(argv: string[]): Promise<number> {
  const o = parseFuzzOptions(argv);
  const seeds = loadSeeds();
  const formats = o.formats.filter((f) => f === 'contract' || seeds.some((s) => s.format === f));
  for (const f of o.formats) if (!formats.includes(f)) process.stdout.write(`fuzz: no seeds for ${f} (skipped)\n`);
  if (!formats.length) throw new UsageError('fuzz: nothing to fuzz (run it from the checkout: it reads test/fixtures)');
  const scratch = mkdtempSync(join(scratchRoot(), 'voxelscope-fuzz-'));
  // Legit cases stay within the budget (the volume) plus a pooled buffer and a few MB of header and
  // decode state (the largest seen: about 45 MB with the 16 MB budget); a spike is anything far beyond.
  const memLimit = 2 * o.budget + 64 * 2 ** 20;
  const byId = new Map<number, { index: number; format: FuzzFormat }>();
  const failures: Failure[] = [];
  const record = (f: Failure): void => {
    failures.push(f);
    process.stdout.write(`FAIL ${f.format} case ${f.index} [${f.outcome}] ${f.message}\n`);
  };
  const pool = new RunnerPool(
    { type: 'init', seeds, runSeed: o.seed, budget: o.budget, memLimit },
    {
      runners: o.runners, timeoutMs: o.timeoutMs, rssCapBytes: RSS_CAP, recycleGrowthBytes: memLimit, heapMb: 512, scratch,
      onStray: (id, message) => {
        const c = byId.get(id);
        if (c) record({ ...c, outcome: 'uncaught', message: `after the case ended: ${message}` });
      },
    },
  );
  if (o.replay) {
    try {
      return await replay(pool, o.keep ?? KEPT_DIR);
    } finally {
      pool.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  process.stdout.write(`fuzz: seed ${o.seed}, ${seeds.length} seeds, formats ${formats.join(',')}, ${o.runners} runners, ` +
    `budget ${o.budget >> 20} MB, ${o.timeoutMs} ms per case${o.cases ? `, ${o.cases} cases` : ''}${o.seconds ? `, ${o.seconds} s` : ''}\n`);
  const tally = new Tally(formats);
  const ticker = o.quiet ? null : setInterval(() => process.stdout.write(`${tally.progress()}\n`), 10_000);
  let index = o.start;
  const end = o.cases ? o.start + o.cases : Infinity;
  const stopAt = o.seconds ? performance.now() + o.seconds * 1000 : Infinity;
  const next = (): JobWithoutId | null => {
    if (index >= end || performance.now() >= stopAt) return null;
    const i = index++;
    const format = formats[i % formats.length];
    return format === 'contract' ? { type: 'contract', index: i, seed: o.seed } : { type: 'reader', index: i, format };
  };
  try {
    await pool.drain(next, (job, r) => {
      const c = { index: 'index' in job ? job.index : -1, format: job.type === 'reader' ? job.format : ('contract' as const) };
      byId.set(job.id, c);
      tally.add(c.index, c.format, r.outcome, r.ms, r.peakMb);
      if (isFailure(r.outcome)) record({ ...c, outcome: r.outcome, message: r.message });
    });
    if (ticker) clearInterval(ticker);
    const secs = tally.seconds();
    process.stdout.write(`\nfuzz: ${tally.total} cases in ${secs.toFixed(1)} s (${tally.rate().toFixed(1)} cases/s), seed ${o.seed}, ` +
      `${pool.restarts} runner restarts\n${tally.table()}\n${tally.slowestLine()}\n`);
    const distinct = new Map<string, Failure[]>();
    for (const f of failures) distinct.set(signature(f), [...(distinct.get(signature(f)) ?? []), f]);
    if (failures.length) process.stdout.write(`\n${failures.length} failures, ${distinct.size} distinct:\n`);
    let kept = 0;
    for (const same of distinct.values()) {
      const f = same[0];
      const repro = `--seed ${o.seed} --format ${o.formats.join(',')} --start ${f.index} --cases 1`;
      process.stdout.write(`  [${f.outcome}] ${f.format} case ${f.index}${same.length > 1 ? ` (and ${same.length - 1} like it)` : ''}: ${f.message}\n    replay: npm run fuzz -- ${repro}\n`);
      if (kept++ >= MAX_KEPT) continue;
      const k = await keepFailure(pool, seeds, o.seed, f, o.keep).catch((e: Error) => `could not keep it: ${e.message}`);
      process.stdout.write(typeof k === 'string' ? `    ${k}\n` : `    kept: ${k.dir}\n`);
    }
    return failures.length ? 1 : 0;
  } finally {
    if (ticker) clearInterval(ticker);
    pool.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Replays the kept cases: one line each (tab-separated: name, outcome, message), then a count. */
async function replay(pool: RunnerPool, dir: string): Promise<number> {
  const results = await replayKept(pool, dir);
  for (const r of results) process.stdout.write(`replay\t${r.name}\t${r.outcome}\t${r.message}\n`);
  const bad = results.filter((r) => isFailure(r.outcome)).length;
  process.stdout.write(`replayed ${results.length} kept cases from ${dir}: ${bad} failed\n`);
  return bad ? 1 : 0;
}

if (process.argv.includes('--runner')) {
  runnerMain();
} else {
  fuzzMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof HelpRequested) process.stdout.write(fuzzHelp());
      else process.stderr.write(`${e instanceof UsageError ? asNpm(e.message) : (e as Error).stack}\n`);
      process.exit(e instanceof HelpRequested ? 0 : 2);
    },
  );
}
