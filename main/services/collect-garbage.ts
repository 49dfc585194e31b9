import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection of the calling thread's isolate, or null where V8 refuses the flag.
 *
 * V8 frees a SharedArrayBuffer only when every isolate that received it (the main thread and each
 * decode worker it was posted to) has collected its handle. An idle worker allocates nothing and so
 * never collects: without this, every closed volume stayed resident until the workers happened to
 * collect, and reopening a file held two or three volumes' worth of memory.
 *
 * Array buffers are swept synchronously, so the memory is given back when the call returns: with
 * V8's default concurrent sweeping it was freed some 10-20 ms later, when the next volume's buffer
 * could already be filling (both resident at once: 2.1x the data at the peak).
 */
export const collectGarbage: (() => void) | null = (() => {
  try {
    setFlagsFromString('--expose-gc');
    setFlagsFromString('--no-concurrent-array-buffer-sweeping');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
})();

/**
 * Bytes let go since the last collection that make the next one due at once. A full collection costs
 * a few milliseconds even of a small heap: after every 512 KB volume of a batch run it was 40% of the
 * run's CPU time. Big volumes (what the viewer opens) still go at once; small ones are collected
 * together, so what stays resident meanwhile is bounded by this.
 */
export const COLLECT_AFTER_BYTES = 64 << 20;
/** Small amounts let go are collected this long after the last of them (an idle thread allocates nothing and never would). */
export const LAZY_COLLECT_MS = 1000;

let scheduled = false;
let owed = 0;
let lazy: ReturnType<typeof setTimeout> | null = null;

/**
 * collectGarbage once the current call stack has unwound: a buffer being let go is often still on
 * the stack of the code dropping it (a parameter, a loop variable), and V8 keeps anything on the stack
 * alive through a collection. Several requests in one turn make one collection.
 *
 * @param bytes what the caller let go (default: unknown, so collect now); below COLLECT_AFTER_BYTES in
 *   all since the last collection, the collection waits for LAZY_COLLECT_MS without another request
 */
export function collectSoon(bytes = Infinity): void {
  if (!collectGarbage) return;
  owed += bytes;
  if (owed < COLLECT_AFTER_BYTES) {
    if (lazy) clearTimeout(lazy);
    lazy = setTimeout(collectNow, LAZY_COLLECT_MS);
    lazy.unref();
    return;
  }
  if (scheduled) return;
  scheduled = true;
  setImmediate(collectNow);
}

function collectNow(): void {
  scheduled = false;
  owed = 0;
  if (lazy) clearTimeout(lazy);
  lazy = null;
  collectGarbage?.();
}
