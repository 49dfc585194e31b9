import { Worker } from 'node:worker_threads';
import type { Backend } from '../../../app/filters/kernels/engine.js';
import type { DType } from '../../../app/model/dtype.js';
import type { VolumeView } from '../../../app/filters/types.js';
import type { SlabRequest } from './filter-slab-worker.js';

/**
 * A bench-only runner that spreads a filter's z slabs over worker_threads on shared volumes (the lead's
 * job pool replaces it): slabs go to whichever thread is free, so a thread slowed by other load on the
 * machine takes fewer.
 */
export interface SharedVolumeView extends VolumeView { data: VolumeView['data'] & { buffer: SharedArrayBuffer } }

export class FilterSlabPool {
  private next = 0;

  private constructor(private readonly workers: Worker[], readonly backend: Backend) {}

  static async start(threads: number, wasm: Uint8Array | null, backend: Backend): Promise<FilterSlabPool> {
    const url = new URL('./filter-bench-worker.mjs', import.meta.url);
    const workers = Array.from({ length: threads }, () => new Worker(url));
    const ready = await Promise.all(workers.map((w) => new Promise<Backend>((resolve, reject) => {
      w.once('message', (m: { backend: Backend }) => resolve(m.backend));
      w.once('error', reject);
      w.postMessage({ kind: 'init', wasm, backend } satisfies SlabRequest);
    })));
    return new FilterSlabPool(workers, ready.includes('ts') ? 'ts' : 'wasm');
  }

  /** Runs op over every plane of input into output, in `slabs` z slabs. */
  async run(op: string, params: unknown, input: SharedVolumeView, output: SharedVolumeView, slabs: number): Promise<void> {
    const Z = input.dims.z;
    const cuts = Array.from({ length: slabs + 1 }, (_, i) => Math.round((i * Z) / slabs));
    const share = (v: SharedVolumeView) => ({ buffer: v.data.buffer, dtype: v.dtype as DType, dims: v.dims });
    let s = 0;
    const work = (w: Worker): Promise<void> => new Promise((resolve, reject) => {
      const one = (): void => {
        if (s >= slabs) return resolve();
        const [z0, z1] = [cuts[s], cuts[s + 1]];
        s++;
        const id = this.next++;
        w.once('message', (m: { id: number; error?: string }) => (m.error ? reject(new Error(m.error)) : m.id === id ? one() : reject(new Error('slab reply out of order'))));
        w.postMessage({ kind: 'slab', id, op, params, input: share(input), output: share(output), z0, z1 } satisfies SlabRequest);
      };
      one();
    });
    await Promise.all(this.workers.map(work));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
