import type { Histogram } from './histogram.js';

/**
 * Fiji's Process > Enhance Contrast (ImageJ's ContrastEnhancer.stretchHistogram), which the B&C
 * "Auto" of Voxelscope follows: saturatedPercent is split equally between the two tails, so each may
 * hold threshold = trunc(total * saturatedPercent / 200) samples. The new min is the start of the first
 * bin where the count from the bottom exceeds the threshold, the new max the start of the first bin
 * from the top where the count from the top exceeds it (ImageJ uses the bin's start for both; with one
 * bin per integer these are the data values themselves).
 *
 * Where ImageJ would leave the range unchanged we still have to answer: when both ends land in the
 * same bin, that bin's bounds; when they cross (half or more saturated), the bins between them; with
 * no samples at all, the histogram's range.
 */
export function autoContrast(h: Histogram, saturatedPercent: number): [number, number] {
  const counts = h.counts;
  const nb = counts.length;
  if (nb === 0 || !(h.total > 0)) return [h.lo, h.hi];
  const saturated = Number.isFinite(saturatedPercent) ? Math.min(100, Math.max(0, saturatedPercent)) : 0;
  const threshold = saturated > 0 ? Math.trunc((h.total * saturated) / 200) : 0;
  let low = 0;
  for (let count = 0; low < nb - 1; low++) {
    count += counts[low];
    if (count > threshold) break;
  }
  let high = nb - 1;
  for (let count = 0; high > 0; high--) {
    count += counts[high];
    if (count > threshold) break;
  }
  const start = (bin: number): number => h.lo + bin * h.binWidth;
  if (high > low) return [start(low), start(high)];
  return [start(Math.min(low, high)), start(Math.max(low, high) + 1)];
}
