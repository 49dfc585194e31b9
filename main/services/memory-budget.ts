import { totalmem } from 'node:os';

/**
 * The most bytes of decoded voxels one volume may take. Default: half the physical memory (the renderer
 * holds a second copy). VOXELSCOPE_MEMORY_BUDGET overrides it, in bytes or with a suffix (512M, 8G).
 */
export function memoryBudget(env: Record<string, string | undefined> = process.env): number {
  const v = env.VOXELSCOPE_MEMORY_BUDGET;
  if (v) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(v);
    if (m) return Math.floor(Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] || ' ').toLowerCase()));
  }
  return Math.floor(totalmem() / 2);
}

export { formatBytes } from '../../app/text/format.js';
