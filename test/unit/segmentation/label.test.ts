import { describe, expect, it } from 'vitest';
import { CONNECTIVITIES, labelComponents } from '../../../app/filters/label/connected-components.js';
import { EXPECTED, makeMask, sha256 } from './fixtures.js';

describe('labels against scipy.ndimage.label (test/fixtures/segmentation)', () => {
  for (const spec of EXPECTED.labels) {
    describe(spec.name, () => {
      const mask = makeMask(spec);
      it('is the generator\'s mask', () => expect(sha256(mask.data)).toBe(spec.sha256));
      for (const c of CONNECTIVITIES) {
        it(`connectivity ${c}`, () => {
          const out = new Int32Array(mask.data.length).fill(-7); // a reused buffer: background must be written
          expect(labelComponents(mask, c, out)).toBe(spec.results[c].count);
          expect(sha256(out)).toBe(spec.results[c].sha256);
        });
      }
    });
  }
});
