import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection of the calling thread's isolate, or null where V8 refuses the flag.
 *
 * V8 frees a SharedArrayBuffer only when every isolate that received it (the main thread and each
 * decode worker it was posted to) has collected its handle. An idle worker allocates nothing and so
 * never collects: without this, every closed volume stayed resident until the workers happened to
 * collect, and reopening a file held two or three volumes' worth of memory.
 */
export const collectGarbage: (() => void) | null = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
})();
