import { describe, expect, it } from 'vitest';
import { computeHistogram, mergeHistograms } from '../../../app/lut/histogram.js';

describe('computeHistogram', () => {
  it('bins float data between the smallest and largest finite sample, the top value in the last bin', () => {
    const h = computeHistogram(Float32Array.from([0, 1, 2, 3, 4, NaN, Infinity, -Infinity]), 8, 4);
    expect(h.lo).toBe(0);
    expect(h.hi).toBe(4);
    expect(h.binWidth).toBe(1);
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 2]);
    expect(h.total).toBe(5);
    expect(h.nanCount).toBe(3);
    expect(h.outside).toBe(0);
  });

  it('uses ImageJ index arithmetic, floor((v - lo) * bins / (hi - lo))', () => {
    const h = computeHistogram([0, 0.24, 0.25, 0.5, 0.99, 1], 6, 4);
    expect(Array.from(h.counts)).toEqual([2, 1, 1, 2]);
  });

  it('counts samples outside an explicit range apart', () => {
    const h = computeHistogram([-1, 0, 5, 10, 11], 5, 2, [0, 10]);
    expect(Array.from(h.counts)).toEqual([1, 2]);
    expect(h.total).toBe(3);
    expect(h.outside).toBe(2);
  });

  it('only counts the first n samples', () => {
    expect(computeHistogram([1, 2, 3, 100], 3, 2).hi).toBe(3);
  });

  it('gives integer data one bin per integer when the range spans fewer integers than bins', () => {
    const h = computeHistogram(Uint16Array.from([3, 4, 4, 7]), 4, 256, undefined, true);
    expect(h.lo).toBe(3);
    expect(h.binWidth).toBe(1);
    expect(h.hi).toBe(8);
    expect(Array.from(h.counts)).toEqual([1, 2, 0, 0, 1]);
    const exact = computeHistogram(Uint8Array.from([0, 255]), 2, 256, [0, 255], true);
    expect(exact.counts.length).toBe(256);
    expect(exact.counts[255]).toBe(1);
  });

  it('makes wider integer bins whole numbers of integers wide', () => {
    // 1001 integers in at most 256 bins: 4 per bin, 251 bins.
    const values = Array.from({ length: 1001 }, (_, i) => i);
    const h = computeHistogram(values, values.length, 256, [0, 1000], true);
    expect(h.binWidth).toBe(4);
    expect(h.counts.length).toBe(251);
    expect(Array.from(h.counts.subarray(0, 250)).every((c) => c === 4)).toBe(true);
    expect(h.counts[250]).toBe(1);
    // 1001..1003 fall in the last bin's span but past the range asked for.
    expect(computeHistogram([1000, 1001], 2, 256, [0, 1000], true).outside).toBe(1);
  });

  it('bins int32 extremes without the division rounding into the next bin', () => {
    const lo = -(2 ** 31);
    const hi = 2 ** 31 - 1;
    const h = computeHistogram([lo, hi, 2 ** 24 - 1 + lo, 2 ** 24 + lo, hi - 2 ** 24, hi - 2 ** 24 + 1], 6, 256, [lo, hi], true);
    expect(h.binWidth).toBe(2 ** 24);
    expect(h.counts[0]).toBe(2);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[254]).toBe(1);
    expect(h.counts[255]).toBe(2);
  });

  it('gives a constant or empty image a bin of its own', () => {
    const c = computeHistogram([7, 7, 7], 3, 10);
    expect([c.lo, c.hi]).toEqual([6.5, 7.5]);
    expect(c.total).toBe(3);
    expect(Array.from(c.counts).reduce((a, b) => a + b)).toBe(3);
    const ci = computeHistogram([7, 7], 2, 10, undefined, true);
    expect([ci.lo, ci.hi, ci.counts.length, ci.counts[0]]).toEqual([7, 8, 1, 2]);
    const e = computeHistogram([NaN], 1, 10);
    expect([e.total, e.nanCount]).toEqual([0, 1]);
  });

  it('refuses nonsense arguments', () => {
    expect(() => computeHistogram([1], 1, 0)).toThrow(/bins/);
    expect(() => computeHistogram([1], 2, 4)).toThrow(/n = 2/);
    expect(() => computeHistogram([1], 1, 4, [5, 1])).toThrow(/range/);
    expect(() => computeHistogram([1], 1, 4, [0, Infinity])).toThrow(/range/);
  });
});

describe('mergeHistograms', () => {
  it('adds the counts of plane histograms computed with the same range', () => {
    const a = computeHistogram([0, 1, NaN], 3, 2, [0, 4]);
    const b = computeHistogram([3, 4, 9], 3, 2, [0, 4]);
    const m = mergeHistograms(a, b);
    expect(Array.from(m.counts)).toEqual([2, 2]);
    expect([m.total, m.nanCount, m.outside]).toEqual([4, 1, 1]);
    expect(Array.from(a.counts)).toEqual([2, 0]); // inputs untouched
  });

  it('refuses histograms binned differently', () => {
    const a = computeHistogram([0, 1], 2, 2, [0, 4]);
    expect(() => mergeHistograms(a, computeHistogram([0, 1], 2, 4, [0, 4]))).toThrow(/binned differently/);
    expect(() => mergeHistograms(a, computeHistogram([0, 1], 2, 2, [0, 5]))).toThrow(/binned differently/);
  });
});
