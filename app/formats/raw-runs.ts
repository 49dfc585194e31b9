import type { RawExtent } from './reader.js';

/** Work for one batch of planes: whole runs of raw planes read at once, the rest decoded one by one. */
export type PlaneWork =
  | { kind: 'raw'; file?: string; offset: number; length: number; firstPlane: number; planes: number }
  | { kind: 'decode'; plane: number };

/**
 * Groups a batch of output planes (in the order given) into runs: consecutive output planes whose raw
 * extents follow each other in the same file become one read of `length` bytes into the output planes
 * firstPlane .. firstPlane+planes-1. A run never grows past `maxBytes` (unless one plane is larger).
 * Planes without a raw extent (compressed, big-endian, interleaved...) are decoded on their own.
 */
export function planRuns(
  planes: readonly number[], extentOf: (plane: number) => RawExtent | null, planeBytes: number, maxBytes = 32 << 20,
): PlaneWork[] {
  const out: PlaneWork[] = [];
  let run: Extract<PlaneWork, { kind: 'raw' }> | null = null;
  for (const plane of planes) {
    const e = extentOf(plane);
    if (!e || e.length !== planeBytes) {
      run = null;
      out.push({ kind: 'decode', plane });
      continue;
    }
    if (run && run.file === e.file && run.offset + run.length === e.offset && run.firstPlane + run.planes === plane
      && run.length + e.length <= maxBytes) {
      run.length += e.length;
      run.planes++;
      continue;
    }
    run = { kind: 'raw', file: e.file, offset: e.offset, length: e.length, firstPlane: plane, planes: 1 };
    out.push(run);
  }
  return out;
}
