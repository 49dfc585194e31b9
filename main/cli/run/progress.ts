import type { LogItem } from './log.js';

export interface RunSummary {
  ok: number;
  failed: number;
  skipped: number;
  seconds: number;
}

interface Out {
  write(s: string): unknown;
}

/**
 * What a run says while it works. On a terminal: one progress bar line on stderr (files done, voxels per
 * second, time left), redrawn at most ten times a second, failures printed above it. Otherwise plain
 * lines, one per finished input, that a log file or CI keeps. Failures always go to stderr, one line
 * naming the file and the problem.
 */
export class RunProgress {
  private done = 0;
  private failed = 0;
  private skipped = 0;
  private voxels = 0;
  private readonly t0 = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly tty: boolean,
    private readonly out: Out = process.stdout,
    private readonly err: Out = process.stderr,
    private readonly width = 30,
  ) {}

  itemDone(item: LogItem): void {
    this.done++;
    if (item.resumed) this.skipped++;
    else if (item.status === 'error') this.failed++;
    else this.voxels += item.voxels ?? 0;
    if (this.tty) {
      if (item.status === 'error') this.err.write(`\r\x1b[K${failureLine(item)}\n`);
      const now = performance.now();
      if (now - this.lastDraw > 100 || this.done === this.total) {
        this.lastDraw = now;
        this.err.write(`\r\x1b[K${this.bar()}`);
      }
      return;
    }
    if (item.status === 'error') this.err.write(`${failureLine(item)}\n`);
    else this.out.write(`[${this.done}/${this.total}] ${item.resumed ? 'skipped (done before)' : 'ok'} ${item.input} -> ${item.output}\n`);
  }

  summary(): RunSummary {
    return { ok: this.done - this.failed - this.skipped, failed: this.failed, skipped: this.skipped, seconds: Math.round(performance.now() - this.t0) / 1000 };
  }

  /** The closing line: done, failed, skipped, time (and where the log is). */
  finish(logFile: string, interrupted = false): RunSummary {
    if (this.tty) this.err.write('\r\x1b[K');
    const s = this.summary();
    const rate = s.seconds > 0 ? `, ${(s.ok / s.seconds).toFixed(1)} files/s` : '';
    const head = interrupted ? `interrupted after ${this.done} of ${this.total} inputs: ` : '';
    this.out.write(`voxelscope run: ${head}${s.ok} done, ${s.failed} failed, ${s.skipped} skipped in ${formatSeconds(s.seconds)}${rate}; log ${logFile}\n`);
    return s;
  }

  /** `[#########.....] 412/1000 files, 3 failed, 12.3 Mvoxel/s, 0:41 left` */
  bar(): string {
    const f = this.total ? this.done / this.total : 1;
    const filled = Math.round(f * this.width);
    const secs = (performance.now() - this.t0) / 1000;
    const rate = secs > 0 ? this.voxels / secs : 0;
    const ran = this.done - this.skipped;
    const left = ran > 0 && this.done < this.total ? `, ${formatSeconds(((this.total - this.done) * secs) / ran)} left` : '';
    return `[${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${this.done}/${this.total} files${this.failed ? `, ${this.failed} failed` : ''}, ${formatRate(rate)}${left}`;
  }
}

export function failureLine(item: LogItem): string {
  return `voxelscope run: ${item.error ?? `${item.input}: failed`}`;
}

function formatRate(voxelsPerSecond: number): string {
  if (voxelsPerSecond >= 1e9) return `${(voxelsPerSecond / 1e9).toFixed(1)} Gvoxel/s`;
  if (voxelsPerSecond >= 1e6) return `${(voxelsPerSecond / 1e6).toFixed(1)} Mvoxel/s`;
  return `${(voxelsPerSecond / 1e3).toFixed(1)} kvoxel/s`;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const ss = String(Math.floor(s % 60)).padStart(2, '0');
  return h > 0 ? `${h}:${String(m % 60).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
