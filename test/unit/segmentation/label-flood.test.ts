import { describe, expect, it } from 'vitest';
import { CONNECTIVITIES, labelComponents, type Connectivity } from '../../../app/filters/label/connected-components.js';
import type { VolumeView } from '../../../app/filters/types.js';

/*
 * Larger and odder inputs than the scipy fixtures, against a flood fill written from the definition:
 * scan voxels in raster order, each unlabelled foreground voxel starts the next label and floods its
 * component. Volumes here make thousands of provisional labels (the union-find grows past its first
 * allocation) and long merge chains.
 */

function flood(v: VolumeView, c: Connectivity): { labels: Int32Array; count: number } {
  const { x: X, y: Y, z: Z } = v.dims;
  const offsets: number[][] = [];
  for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
    const nonzero = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
    if (nonzero > 0 && nonzero <= { 6: 1, 18: 2, 26: 3 }[c]) offsets.push([dx, dy, dz]);
  }
  const labels = new Int32Array(X * Y * Z);
  let count = 0;
  const stack: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (v.data[i] === 0 || labels[i]) continue;
    labels[i] = ++count;
    stack.push(i);
    while (stack.length) {
      const j = stack.pop()!;
      const x = j % X, y = Math.floor(j / X) % Y, z = Math.floor(j / (X * Y));
      for (const [dx, dy, dz] of offsets) {
        const nx = x + dx, ny = y + dy, nz = z + dz;
        if (nx < 0 || ny < 0 || nz < 0 || nx >= X || ny >= Y || nz >= Z) continue;
        const k = (nz * Y + ny) * X + nx;
        if (v.data[k] !== 0 && !labels[k]) {
          labels[k] = count;
          stack.push(k);
        }
      }
    }
  }
  return { labels, count };
}

/** A small LCG, so each case is reproducible. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

function volume(X: number, Y: number, Z: number, on: (x: number, y: number, z: number) => boolean): VolumeView {
  const data = new Uint8Array(X * Y * Z);
  for (let z = 0, i = 0; z < Z; z++) for (let y = 0; y < Y; y++) for (let x = 0; x < X; x++, i++) data[i] = on(x, y, z) ? 1 : 0;
  return { data, dims: { x: X, y: Y, z: Z }, dtype: 'uint8' };
}

const cases: [string, VolumeView][] = [
  ['random 20% 48x40x36', (() => { const r = random(1); return volume(48, 40, 36, () => r() < 0.2); })()],
  ['random 45% 33x47x29', (() => { const r = random(2); return volume(33, 47, 29, () => r() < 0.45); })()],
  ['checkerboard 40x40x40 (32000 provisional labels)', volume(40, 40, 40, (x, y, z) => (x + y + z) % 2 === 0)],
  ['every other voxel in x 64x30x10', volume(64, 30, 10, (x) => x % 2 === 0)],
  // A zigzag: each row's run touches the previous row's at alternating ends, merging labels late.
  ['zigzag 31x60x3', volume(31, 60, 3, (x, y) => y % 2 === 0 || (Math.floor(y / 2) % 2 === 0 ? x === 30 : x === 0))],
  // Upside-down combs: teeth hang from the last plane, so every tooth is its own label until then.
  ['hanging teeth 30x30x20', volume(30, 30, 20, (x, y, z) => z === 19 || (x % 3 === 0 && y % 3 === 0))],
  ['diagonal sheets 25x25x25', volume(25, 25, 25, (x, y, z) => (x + y + z) % 5 === 0)],
];

describe('labels against a flood fill', () => {
  for (const [name, v] of cases) {
    for (const c of CONNECTIVITIES) {
      it(`${name}, connectivity ${c}`, () => {
        const want = flood(v, c);
        const out = new Int32Array(v.data.length);
        expect(labelComponents(v, c, out)).toBe(want.count);
        expect(out).toEqual(want.labels);
      });
    }
  }

  it('reads a uint8 mask word by word the same at any offset and with any nonzero value', () => {
    const [name, v] = cases[1];
    const want = flood(v, 26);
    for (const offset of [0, 1, 2, 3, 4]) {
      for (const on of [1, 255, 128]) {
        const data = new Uint8Array(v.data.length + offset).subarray(offset);
        data.set((v.data as Uint8Array).map((b, i) => (b ? (i % 3 ? on : 1) : 0)));
        const out = new Int32Array(data.length);
        expect(labelComponents({ ...v, data }, 26, out), `${name}, offset ${offset}, value ${on}`).toBe(want.count);
        expect(out).toEqual(want.labels);
      }
    }
    // Rows that do not start on a word boundary (x = 33) and runs ending at a row end are in that case.
    expect(v.dims.x % 4).not.toBe(0);
  });

  it('takes every nonzero value as foreground, as scipy: negative, NaN, tiny; -0 is background', () => {
    const data = new Float32Array([0, -1, 0, NaN, -0, 1e-30, 0, 0]);
    const out = new Int32Array(8);
    expect(labelComponents({ data, dims: { x: 8, y: 1, z: 1 }, dtype: 'float32' }, 6, out)).toBe(3);
    expect(Array.from(out)).toEqual([0, 1, 0, 2, 0, 3, 0, 0]);
  });

  it('reads 64-bit integers', () => {
    const data = new BigInt64Array([0n, 5n, 5n, 0n, -(2n ** 62n), 0n]);
    const out = new Int32Array(6);
    expect(labelComponents({ data, dims: { x: 6, y: 1, z: 1 }, dtype: 'int64' }, 26, out)).toBe(2);
    expect(Array.from(out)).toEqual([0, 1, 1, 0, 2, 0]);
  });

  it('refuses complex input and an unknown connectivity with one clear error', () => {
    const c = { data: new Float32Array(4), dims: { x: 2, y: 1, z: 1 }, dtype: 'complex64' as const };
    expect(() => labelComponents(c, 6, new Int32Array(2))).toThrow(/^label: needs real values, not complex64/);
    const m = { data: new Uint8Array(2), dims: { x: 2, y: 1, z: 1 }, dtype: 'uint8' as const };
    expect(() => labelComponents(m, 8 as Connectivity, new Int32Array(2))).toThrow(/^label: connectivity must be 6, 18 or 26, not 8/);
    expect(() => labelComponents(m, 6, new Int32Array(1))).toThrow(/^label: the output holds 1 labels for 2 voxels/);
  });
});
