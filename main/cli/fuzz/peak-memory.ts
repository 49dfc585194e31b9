import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The process's peak resident memory, worker threads included, and a way to reset it, so a runner can
 * measure each case's own peak: Linux's VmHWM, reset by writing 5 to /proc/self/clear_refs. Elsewhere
 * (or where clear_refs is not writable) the current RSS at the end of the case stands in for it.
 */
let canReset = process.platform === 'linux';

export function resetPeak(): void {
  if (!canReset) return;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    canReset = false;
  }
}

export function peakBytes(): number {
  if (canReset) {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  }
  return process.memoryUsage.rss();
}

/** Resident memory of another process (the parent's watchdog over its runners); 0 when unknown. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
