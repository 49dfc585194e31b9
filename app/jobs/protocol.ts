/**
 * The job pool's messages: between the pool (the renderer's page, the host's main thread, the CLI)
 * and its workers (Web Workers in the renderer, worker_threads in the host and CLI). The same
 * messages and the same job code on both sides; only the transport differs.
 *
 * Payloads carry SharedArrayBuffers (the volume the job reads, the one it writes), never copies of
 * voxels. A job's cancel flag is an Int32 in shared memory the worker reads between steps, so a
 * cancel takes effect without waiting for a message to be handled.
 */
export type ToJobWorker =
  /**
   * `progress`: whether anyone listens to the job's progress. A job of a batch of small files reported
   * ten steps that nobody read, each a message and a wake-up of the pool's thread.
   */
  | { type: 'run'; job: number; kind: string; payload: unknown; cancel: SharedArrayBuffer; progress: boolean }
  /** More input for a running job (e.g. planes that have arrived for a statistics job). */
  | { type: 'input'; job: number; payload: unknown }
  /** Wakes a job that waits for input, to see its cancel flag. */
  | { type: 'cancel'; job: number };

export type FromJobWorker =
  | { type: 'progress'; job: number; done: number; total: number }
  | { type: 'result'; job: number; value: unknown }
  | { type: 'failed'; job: number; message: string; cancelled: boolean };

/** A job that was cancelled (by the caller, or superseded by a newer job with the same key). */
export class JobCancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'JobCancelledError';
  }
}
