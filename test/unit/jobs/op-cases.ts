/** Shared by the equivalence tests of the job pool's paths. */

/** Parameter sets per op, in the catalogue's names (a missing op fails the test: every op is covered). */
export const CASES: Record<string, Record<string, unknown>[]> = {
  gaussian: [{ sigma: [1, 0.7, 1.3] }, { sigma: 2, truncate: 2 }],
  uniform: [{ size: 3 }, { size: [4, 2, 3] }],
  median: [{ size: 3 }, { size: [2, 4, 2] }],
  minimum: [{ size: 3 }, { size: [4, 2, 2] }],
  maximum: [{ size: [3, 2, 4] }],
  variance: [{ size: 3 }, { size: 4 }],
  std: [{ size: [2, 3, 4] }],
  sobel: [{ axis: 'x' }, { axis: 'z' }, { axis: 'magnitude' }],
  laplace: [{}],
  dog: [{ sigma1: 0.8, sigma2: 1.6 }],
  white_tophat: [{ size: 3 }, { size: 4 }, { size: [2, 4, 2] }, { size: 3, footprint: 'ball' }, { size: 4, footprint: 'ball' }],
  black_tophat: [{ size: 4 }, { size: [4, 2, 3] }, { size: 5, footprint: 'ball' }],
  threshold: [{ method: 'otsu' }, { method: 'li' }],
  label: [{ connectivity: 6 }, { connectivity: 26 }],
};

