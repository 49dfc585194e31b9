import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelComponents } from '../../../app/filters/label/connected-components.js';
import { thresholdMask, thresholdValue } from '../../../app/filters/threshold/threshold.js';
import type { VolumeView } from '../../../app/filters/types.js';
import { collectGarbage } from '../../services/collect-garbage.js';
import { adviseHugePages } from '../../services/huge-pages.js';
import type { BenchCase, BenchContext } from './harness.js';
import { havePythonModule, timePython } from './python-ref.js';

/*
 * Threshold (Otsu) and connected components (26) on a 256^3 float32 volume, against skimage's
 * threshold_otsu and scipy.ndimage.label on the same file in the same run: both steps together, and
 * each alone. Every run allocates its outputs, as numpy does, and as the host allocates volumes:
 * SharedArrayBuffers advised to huge pages (numpy advises huge pages for large arrays too; with 4 KB
 * pages, first writes to a fresh 64 MB label image cost some 30 ms of page faults here).
 */

const side = (ctx: BenchContext): number => (ctx.quick ? 32 : 256);

/**
 * Microscopy-like: a few hundred bright spheres (cells, nuclei) on a dim background, both with noise,
 * so the Otsu mask has objects of many sizes with ragged edges and a few specks of noise.
 */
function makeVolume(n: number): Float32Array {
  const a = new Float32Array(n * n * n);
  let s = 12345;
  const rand = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  for (let i = 0; i < a.length; i++) a[i] = 20 + 12 * (rand() + rand() + rand() + rand() - 2) * 1.7320508075688772;
  const spheres = Math.round((400 * n * n * n) / 256 ** 3) || 4;
  for (let k = 0; k < spheres; k++) {
    const cx = rand() * n, cy = rand() * n, cz = rand() * n, r = (3 + 9 * rand()) * (n / 256) + 1;
    for (let z = Math.max(0, Math.floor(cz - r)); z <= Math.min(n - 1, cz + r); z++) {
      for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(n - 1, cy + r); y++) {
        for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(n - 1, cx + r); x++) {
          if ((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r * r) a[(z * n + y) * n + x] += 80;
        }
      }
    }
  }
  return a;
}

/**
 * Array-buffer bytes a run allocates, outputs included: read right after the run, before a collection
 * could free its temporaries, so it bounds the run's peak from above. (The process's RSS says little
 * here: the run is synchronous, and it reuses memory that earlier cases freed.)
 */
const arrayBytes = (): number => process.memoryUsage().arrayBuffers;

function hostBuffer(bytes: number): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(bytes);
  adviseHugePages(sab);
  return sab;
}

type Part = 'both' | 'threshold' | 'label';

const PY_SETUP = `
import numpy as np, scipy.ndimage as ndi
from skimage.filters import threshold_otsu
n = int(args[1])
a = np.fromfile(args[0], dtype='<f4').reshape(n, n, n)
s26 = np.ones((3, 3, 3), bool)
mask = a > threshold_otsu(a)`;
const PY_BODY: Record<Part, string> = {
  both: 'ndi.label(a > threshold_otsu(a), structure=s26)',
  threshold: 'a > threshold_otsu(a)',
  label: 'ndi.label(mask, structure=s26)',
};
const NAMES: Record<Part, [string, string]> = {
  both: ['threshold otsu + label 26: 256^3 float32', 'skimage threshold_otsu + scipy ndimage.label'],
  threshold: ['threshold otsu (mask): 256^3 float32', 'skimage threshold_otsu, a > t'],
  label: ['label 26: 256^3 Otsu mask', 'scipy ndimage.label'],
};

/** The input is made once and shared by the three cases; the last one deletes its file. */
const shared: { path: string; volume: VolumeView | null; mask: VolumeView | null } = { path: '', volume: null, mask: null };

function segmentationCase(part: Part, last: boolean): BenchCase {
  const allocated: number[] = [];
  let objects = 0;
  return {
    name: NAMES[part][0],
    target: '>= 1x ' + (part === 'label' ? 'scipy' : part === 'threshold' ? 'skimage' : 'skimage + scipy'),
    bytes: (ctx) => side(ctx) ** 3 * (part === 'label' ? 1 : 4),
    async setup(ctx) {
      const n = side(ctx);
      if (!shared.volume) {
        const data = new Float32Array(hostBuffer(n ** 3 * 4));
        data.set(makeVolume(n));
        shared.path = join(ctx.workDir, 'segmentation.f32');
        writeFileSync(shared.path, new Uint8Array(data.buffer));
        shared.volume = { data, dims: { x: n, y: n, z: n }, dtype: 'float32' };
        const mask = new Uint8Array(data.length);
        thresholdMask(shared.volume, thresholdValue(shared.volume, 'otsu'), mask);
        shared.mask = { data: mask, dims: shared.volume.dims, dtype: 'uint8' };
      }
    },
    async run() {
      collectGarbage?.();
      const start = arrayBytes();
      const t = performance.now();
      const v = shared.volume!;
      let mask = shared.mask!;
      if (part !== 'label') {
        const data = new Uint8Array(hostBuffer(v.data.length));
        thresholdMask(v, thresholdValue(v, 'otsu'), data);
        mask = { data, dims: v.dims, dtype: 'uint8' };
      }
      if (part !== 'threshold') objects = labelComponents(mask, 26, new Int32Array(hostBuffer(v.data.length * 4)));
      const seconds = (performance.now() - t) / 1000;
      allocated.push(arrayBytes() - start);
      return seconds;
    },
    reference(ctx) {
      const seconds = havePythonModule('numpy, scipy, skimage')
        ? timePython(PY_SETUP, PY_BODY[part], [shared.path, String(side(ctx))], ctx.repeats)
        : null;
      if (last) {
        rmSync(shared.path, { force: true });
        shared.volume = shared.mask = null;
      }
      return seconds && { name: NAMES[part][1], seconds };
    },
    note(ctx) {
      const notes = part === 'threshold' ? [] : [`${objects} objects`];
      if (allocated.length) notes.push(`allocates ${(Math.max(...allocated) / (side(ctx) ** 3 * 4)).toFixed(2)}x the float32 input`);
      return notes.join('; ') || null;
    },
  };
}

export const segmentationCases: BenchCase[] = [segmentationCase('both', false), segmentationCase('threshold', false), segmentationCase('label', true)];
