import { parentPort } from 'node:worker_threads';
import type { FromHashWorker, ToHashWorker } from './hash-protocol.js';
import { sha256File, writeHashed } from './hashed-files.js';

/** A hashing thread of a batch run (hash-pool.ts): reads and hashes inputs, writes and hashes outputs. */
parentPort!.on('message', (m: ToHashWorker) => {
  const done = m.kind === 'file' ? sha256File(m.path) : writeHashed(m.path, m.chunks);
  done.then(
    (sha256) => parentPort!.postMessage({ id: m.id, sha256 } satisfies FromHashWorker),
    (e: NodeJS.ErrnoException) => parentPort!.postMessage({ id: m.id, error: e.message ?? String(e), code: e.code } satisfies FromHashWorker),
  );
});
