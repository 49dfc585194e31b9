import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTIVITIES, labelComponents } from '../../../app/filters/label/connected-components.js';
import { histogram, valueRange } from '../../../app/filters/threshold/histogram.js';
import { thresholdMask, thresholdValue } from '../../../app/filters/threshold/threshold.js';
import type { VolumeView } from '../../../app/filters/types.js';
import { HAVE_SHARED, SHARED } from '../paths.js';
import { sha256 } from './fixtures.js';

/** ../shared/oracles/filters_small: Otsu on its 12x14x16 float32 input, then labels of that mask. */
const DIR = join(SHARED, 'oracles/filters_small');

describe.skipIf(!HAVE_SHARED)('shared oracle: Otsu and connected components (filters_small)', () => {
  const index = HAVE_SHARED ? JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) : null;
  const load = (file: string): Buffer => readFileSync(join(DIR, file));
  const input = (): VolumeView => {
    const [z, y, x] = index.input.shape_zyx as number[];
    const b = load(index.input.file);
    return { data: new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4), dims: { x, y, z }, dtype: 'float32' };
  };
  const otsuMask = (): VolumeView => {
    const v = input();
    const mask = new Uint8Array(v.data.length);
    thresholdMask(v, thresholdValue(v, 'otsu'), mask);
    return { data: mask, dims: v.dims, dtype: 'uint8' };
  };

  it('Otsu: the histogram, the threshold (a bin centre) and the mask', () => {
    const v = input();
    const o = index.otsu;
    const range = valueRange(v.data as Float32Array);
    expect([range.min, range.max]).toEqual(o.histogram_range);
    expect(Array.from(histogram(v.data as Float32Array, 'float32', range, 'otsu').counts)).toEqual(o.histogram_counts);
    expect(thresholdValue(v, 'otsu')).toBe(o.threshold);
    const mask = otsuMask();
    expect(sha256(mask.data)).toBe(o.sha256);
    expect(Buffer.from(mask.data.buffer).equals(load(o.file))).toBe(true);
  });

  for (const c of CONNECTIVITIES) {
    it(`labels of the Otsu mask, connectivity ${c} (the oracle's uint16 values)`, () => {
      const want = index.connected_components.find((e: { connectivity: number }) => e.connectivity === c);
      const mask = otsuMask();
      const out = new Int32Array(mask.data.length);
      expect(labelComponents(mask, c, out)).toBe(want.n_labels);
      const b = load(want.file);
      expect(Array.from(out)).toEqual(Array.from(new Uint16Array(b.buffer, b.byteOffset, b.byteLength / 2)));
    });
  }
});
