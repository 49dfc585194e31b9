import { OUTCOMES, isFailure, type Outcome } from './outcome.js';
import type { FuzzFormat } from './options.js';

/** Counts per format and outcome, and timing, for the progress lines and the closing table. */
export class Tally {
  readonly counts = new Map<FuzzFormat, Map<Outcome, number>>();
  total = 0;
  failures = 0;
  /** The slowest cases that passed (near-hangs worth a look), slowest first. */
  readonly slowest: { index: number; format: FuzzFormat; ms: number }[] = [];
  /** The passing case whose peak resident memory grew most. */
  peak = { index: -1, format: '' as FuzzFormat | '', mb: 0 };
  readonly started = performance.now();

  constructor(formats: readonly FuzzFormat[]) {
    for (const f of formats) this.counts.set(f, new Map(OUTCOMES.map((o) => [o, 0])));
  }

  add(index: number, format: FuzzFormat, outcome: Outcome, ms: number, peakMb: number): void {
    const m = this.counts.get(format)!;
    m.set(outcome, m.get(outcome)! + 1);
    this.total++;
    if (isFailure(outcome)) this.failures++;
    if (!isFailure(outcome) && peakMb > this.peak.mb) this.peak = { index, format, mb: peakMb };
    if (isFailure(outcome) || (this.slowest.length >= 5 && ms <= this.slowest[4].ms)) return;
    this.slowest.push({ index, format, ms });
    this.slowest.sort((a, b) => b.ms - a.ms);
    this.slowest.length = Math.min(5, this.slowest.length);
  }

  seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  rate(): number {
    return this.total / Math.max(1e-9, this.seconds());
  }

  progress(): string {
    return `fuzz: ${this.total} cases, ${this.rate().toFixed(0)} cases/s, ${this.failures} failures`;
  }

  slowestLine(): string {
    return `slowest passing cases: ${this.slowest.map((s) => `${s.format} ${s.index} (${s.ms.toFixed(0)} ms)`).join(', ')}\n` +
      `largest memory peak of a passing case: ${this.peak.mb.toFixed(0)} MB (${this.peak.format} ${this.peak.index})`;
  }

  table(): string {
    const used = OUTCOMES.filter((o) => [...this.counts.values()].some((m) => m.get(o)));
    const head = ['format', 'cases', ...used];
    const rows = [...this.counts].map(([f, m]) => [f, String([...m.values()].reduce((a, b) => a + b, 0)), ...used.map((o) => String(m.get(o)))]);
    const totals = ['all', String(this.total), ...used.map((o) => String([...this.counts.values()].reduce((s, m) => s + m.get(o)!, 0)))];
    const all = [head, ...rows, totals];
    const width = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
    return all.map((r) => r.map((c, i) => (i ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ')).join('\n');
  }
}
