/** Messages between a batch run and its hashing threads (hash-pool.ts, hash-worker.ts). */
export type HashTask = { kind: 'file'; path: string } | { kind: 'write'; path: string; chunks: readonly Uint8Array[] };

export type ToHashWorker = HashTask & { id: number };

export type FromHashWorker = { id: number; sha256: string } | { id: number; error: string; code?: string };
