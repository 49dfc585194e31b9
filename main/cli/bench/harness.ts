export interface BenchContext {
  quick: boolean;
  repeats: number;
  workDir: string;
}

export interface BenchCase {
  name: string;
  /** What one run processes, for throughput (bytes), or 0 for latency-only cases. */
  bytes(ctx: BenchContext): number;
  /** Prepares inputs (files in ctx.workDir); not timed. */
  setup?(ctx: BenchContext): Promise<void>;
  /**
   * One measured run. A case that times only part of its run (e.g. latency to the first slice, without
   * the cleanup after it) returns those seconds; otherwise the whole call is timed.
   */
  run(ctx: BenchContext): Promise<number | void>;
  /** The reference measured in the same run (seconds per run), or null where none is installed. */
  reference?(ctx: BenchContext): { name: string; seconds: number[] } | null;
  /** What the issue asks for, e.g. '>= 0.5x tifffile'. */
  target?: string;
  /** A side measurement to print beside the timing (e.g. peak memory), read after the runs. */
  note?(ctx: BenchContext): string | null;
}

export interface BenchResult {
  name: string;
  medianSeconds: number;
  mbPerSecond: number | null;
  reference: { name: string; medianSeconds: number; mbPerSecond: number | null } | null;
  /** Reference time / our time: above 1 means faster than the reference. */
  speedup: number | null;
  target: string | null;
  note: string | null;
  runs: number[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function runCase(c: BenchCase, ctx: BenchContext): Promise<BenchResult> {
  await c.setup?.(ctx);
  await c.run(ctx); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < ctx.repeats; i++) {
    const t = performance.now();
    const own = await c.run(ctx);
    runs.push(typeof own === 'number' ? own : (performance.now() - t) / 1000);
  }
  const bytes = c.bytes(ctx);
  const med = median(runs);
  const ref = c.reference?.(ctx) ?? null;
  const refMed = ref ? median(ref.seconds) : null;
  return {
    name: c.name, medianSeconds: med, mbPerSecond: bytes ? bytes / 1e6 / med : null,
    reference: ref && refMed !== null ? { name: ref.name, medianSeconds: refMed, mbPerSecond: bytes ? bytes / 1e6 / refMed : null } : null,
    speedup: refMed !== null ? refMed / med : null, target: c.target ?? null, note: c.note?.(ctx) ?? null, runs,
  };
}

export function formatTable(rs: BenchResult[]): string {
  const rows = [['case', 'median', 'MB/s', 'reference', 'ref median', 'ratio', 'target', 'note']];
  for (const r of rs) {
    rows.push([
      r.name, `${(r.medianSeconds * 1000).toFixed(1)} ms`, r.mbPerSecond?.toFixed(0) ?? '-',
      r.reference?.name ?? '(none installed)', r.reference ? `${(r.reference.medianSeconds * 1000).toFixed(1)} ms` : '-',
      r.speedup !== null ? `${r.speedup.toFixed(2)}x` : '-', r.target ?? '', r.note ?? '',
    ]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ')).join('\n');
}
