import type { Writable } from 'node:stream';

/**
 * Resolves on the stream's next 'drain' or 'close', leaving no listener behind: a stream that backs up
 * a thousand times must not collect a thousand 'close' listeners (Node warns at eleven).
 */
export function drainedOrClosed(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
