import { readFileSync } from 'node:fs';

export interface BenchContext {
  quick: boolean;
  repeats: number;
  workDir: string;
}

export interface BenchCase {
  name: string;
  /** What one run processes, for throughput (bytes), or 0 for latency-only cases. */
  bytes(ctx: BenchContext): number;
  /**
   * Why the case cannot run here (e.g. no browser installed), or null. Asked before setup; a skipped
   * case is listed in the table with its reason and is not a failure.
   */
  skip?(ctx: BenchContext): Promise<string | null>;
  /** Prepares inputs (files in ctx.workDir); not timed. */
  setup?(ctx: BenchContext): Promise<void>;
  /**
   * One measured run. A case that times only part of its run (e.g. latency to the first slice, without
   * the cleanup after it) returns those seconds; otherwise the whole call is timed.
   */
  run(ctx: BenchContext): Promise<number | void>;
  /** Releases what setup made (browser pages, open volumes); runs even when a run failed. */
  teardown?(ctx: BenchContext): Promise<void>;
  /** Measured runs after the warm-up, when the case needs another count than ctx.repeats (e.g. 60 latencies). */
  repeats?(ctx: BenchContext): number;
  /** The median as printed, when seconds are not the natural unit (e.g. frames per second). */
  show?(medianSeconds: number): string;
  /** The reference measured in the same run (seconds per run), or null where none is installed. */
  reference?(ctx: BenchContext): { name: string; seconds: number[] } | null;
  /** What the issue asks for, e.g. '>= 0.5x tifffile'. */
  target?: string;
  /** A side measurement to print beside the timing (e.g. peak memory), read after the runs. */
  note?(ctx: BenchContext): string | null;
}

export interface BenchResult {
  name: string;
  /** NaN (null in JSON) when the case was skipped. */
  medianSeconds: number;
  /** The median as printed, where the case has its own unit. */
  shown: string | null;
  mbPerSecond: number | null;
  reference: { name: string; medianSeconds: number; mbPerSecond: number | null } | null;
  /** Reference time / our time: above 1 means faster than the reference. */
  speedup: number | null;
  /** The case has no reference at all (not merely none installed here). */
  noReference: boolean;
  target: string | null;
  note: string | null;
  /** Why the case did not run, or null. */
  skipped: string | null;
  runs: number[];
  /**
   * Share of the machine's CPU time the hypervisor gave to others during the runs (/proc/stat's steal;
   * null where there is none to read): on a shared virtual machine, what says how far to trust a run.
   */
  steal: number | null;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The q-quantile (0..1) by the nearest-rank method: p95 of 60 samples is the 57th smallest. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export async function runCase(c: BenchCase, ctx: BenchContext): Promise<BenchResult> {
  const skipped = (await c.skip?.(ctx)) ?? null;
  if (skipped) {
    return {
      name: c.name, medianSeconds: NaN, shown: null, mbPerSecond: null, reference: null, speedup: null,
      noReference: !c.reference, target: c.target ?? null, note: null, skipped, runs: [], steal: null,
    };
  }
  const runs: number[] = [];
  let cpuBefore: CpuTimes | null = null;
  let cpuAfter: CpuTimes | null = null;
  try {
    await c.setup?.(ctx);
    await c.run(ctx); // warm-up
    const repeats = c.repeats?.(ctx) ?? ctx.repeats;
    cpuBefore = cpuTimes();
    for (let i = 0; i < repeats; i++) {
      const t = performance.now();
      const own = await c.run(ctx);
      runs.push(typeof own === 'number' ? own : (performance.now() - t) / 1000);
    }
    cpuAfter = cpuTimes();
  } finally {
    await c.teardown?.(ctx);
  }
  const bytes = c.bytes(ctx);
  const med = median(runs);
  const ref = c.reference?.(ctx) ?? null;
  const refMed = ref ? median(ref.seconds) : null;
  return {
    name: c.name, medianSeconds: med, shown: c.show?.(med) ?? null, mbPerSecond: bytes ? bytes / 1e6 / med : null,
    reference: ref && refMed !== null ? { name: ref.name, medianSeconds: refMed, mbPerSecond: bytes ? bytes / 1e6 / refMed : null } : null,
    speedup: refMed !== null ? refMed / med : null, noReference: !c.reference, target: c.target ?? null, note: c.note?.(ctx) ?? null, skipped: null, runs,
    steal: cpuBefore && cpuAfter && cpuAfter.total > cpuBefore.total ? (cpuAfter.steal - cpuBefore.steal) / (cpuAfter.total - cpuBefore.total) : null,
  };
}

interface CpuTimes { total: number; steal: number }

/** The machine's CPU time so far, in clock ticks, and the part of it stolen by the hypervisor (Linux). */
function cpuTimes(): CpuTimes | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

export function formatTable(rs: BenchResult[]): string {
  const rows = [['case', 'median', 'MB/s', 'reference', 'ref median', 'ratio', 'target', 'steal', 'note']];
  for (const r of rs) {
    if (r.skipped) {
      rows.push([r.name, 'skipped', '-', '-', '-', '-', r.target ?? '', '-', r.skipped]);
      continue;
    }
    rows.push([
      r.name, r.shown ?? `${(r.medianSeconds * 1000).toFixed(1)} ms`, r.mbPerSecond?.toFixed(0) ?? '-',
      r.reference?.name ?? (r.noReference ? '-' : '(none installed)'), r.reference ? `${(r.reference.medianSeconds * 1000).toFixed(1)} ms` : '-',
      r.speedup !== null ? `${r.speedup.toFixed(2)}x` : '-', r.target ?? '', r.steal !== null ? `${Math.round(r.steal * 100)}%` : '-', r.note ?? '',
    ]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ')).join('\n');
}
