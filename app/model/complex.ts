/*
 * Complex voxels (NIfTI complex64/128, ENVI data types 6 and 9, .npy c8/c16) are shown as one real
 * part of the user's choice, as FSLeyes and ImageJ's complex import offer it.
 */

import type { Scaling } from './volume.js';

export const COMPLEX_PARTS = ['magnitude', 'phase', 'real', 'imaginary'] as const;
export type ComplexPart = (typeof COMPLEX_PARTS)[number];

export function isComplexPart(v: unknown): v is ComplexPart {
  return typeof v === 'string' && (COMPLEX_PARTS as readonly string[]).includes(v);
}

/**
 * |re + i im| without overflow where it matters: the plain formula is much faster than Math.hypot and
 * exact enough for display; only values beyond ~1e154 overflow it, and those fall back.
 */
export function magnitude(re: number, im: number): number {
  const m = Math.sqrt(re * re + im * im);
  return m === Infinity ? Math.hypot(re, im) : m;
}

/** The chosen part of re + i im. Phase is atan2(im, re) in radians, in (-π, π] (0 for 0 + 0i). */
export function complexPart(re: number, im: number, part: ComplexPart): number {
  switch (part) {
    case 'magnitude': return magnitude(re, im);
    case 'phase': return Math.atan2(im, re);
    case 'real': return re;
    case 'imaginary': return im;
  }
}

/** One complex voxel's components to the number shown. */
export type ComplexReduce = (re: number, im: number) => number;

/**
 * The reduction for a part, after the file's scaling: nibabel scales complex data as z * slope + inter
 * (the intercept is real), so the real part gets the intercept and both parts the slope.
 */
export function complexReducer(part: ComplexPart, s: Scaling | null): ComplexReduce {
  const slope = s ? s.slope : 1;
  const inter = s ? s.inter : 0;
  if (!s) return part === 'magnitude' ? magnitude : (re, im) => complexPart(re, im, part);
  return (re, im) => complexPart(re * slope + inter, im * slope, part);
}
