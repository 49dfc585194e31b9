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

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}
