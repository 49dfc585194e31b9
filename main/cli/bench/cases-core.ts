import { basicStats } from '../../../app/measure/stats.js';
import type { BenchCase, BenchContext } from './harness.js';
import { havePythonModule, timePython } from './python-ref.js';

const voxels = (ctx: BenchContext): number => (ctx.quick ? 1 << 18 : 32 << 20);
let data: Uint8Array | null = null;

/** Min/max/mean over a uint16 volume: the work behind `info` and auto-contrast. */
export const statsCase: BenchCase = {
  name: 'stats uint16 (min/max/mean)',
  bytes: (ctx) => voxels(ctx) * 2,
  async setup(ctx) {
    const a = new Uint16Array(voxels(ctx));
    let s = 12345;
    for (let i = 0; i < a.length; i++) a[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 16;
    data = new Uint8Array(a.buffer);
  },
  async run() {
    basicStats('uint16', data!);
  },
  reference(ctx) {
    if (!havePythonModule('numpy')) return null;
    const s = timePython(
      `import numpy as np\na = (np.random.default_rng(1).integers(0, 65535, ${voxels(ctx)}, dtype=np.uint16))`,
      'a.min(); a.max(); a.mean()',
      [],
      ctx.repeats,
    );
    return s && { name: 'numpy min/max/mean', seconds: s };
  },
};
