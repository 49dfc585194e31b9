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

let scheduled = false;

/**
 * collectGarbage once the current call stack has unwound: a buffer being let go is often still on
 * the stack of the code dropping it (a parameter, a loop variable), and V8 keeps anything on the stack
 * alive through a collection. Several requests in one turn make one collection.
 */
export function collectSoon(): void {
  if (!collectGarbage || scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    collectGarbage?.();
  });
}
