import { parentPort } from 'node:worker_threads';
import { useBackend, type Backend } from '../../../app/filters/kernels/engine.js';
import { FILTERS } from '../../../app/filters/registry.js';
import { typedView, type DType } from '../../../app/model/dtype.js';
import type { VolumeView } from '../../../app/filters/types.js';
import { loadFilterKernels } from '../../services/filters-wasm.js';

/** One thread of the benchmark's slab runner (filter-slab-pool.ts): runs filters on z slabs of shared volumes. */
interface SharedVolume { buffer: SharedArrayBuffer; dtype: DType; dims: VolumeView['dims'] }
export type SlabRequest =
  | { kind: 'init'; wasm: Uint8Array | null; backend: Backend }
  | { kind: 'slab'; id: number; op: string; params: unknown; input: SharedVolume; output: SharedVolume; z0: number; z1: number };

const view = (v: SharedVolume): VolumeView => ({ data: typedView(v.dtype, v.buffer), dtype: v.dtype, dims: v.dims });

parentPort!.on('message', async (m: SlabRequest) => {
  if (m.kind === 'init') {
    const have = await loadFilterKernels(m.wasm);
    if (m.backend === 'ts' || have === 'wasm') useBackend(m.backend);
    parentPort!.postMessage({ kind: 'ready', backend: m.backend === 'ts' ? 'ts' : have });
    return;
  }
  try {
    FILTERS[m.op].run(view(m.input), m.params, view(m.output), [m.z0, m.z1]);
    parentPort!.postMessage({ kind: 'done', id: m.id });
  } catch (e) {
    parentPort!.postMessage({ kind: 'done', id: m.id, error: (e as Error).message });
  }
});
