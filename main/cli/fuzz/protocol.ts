import type { Outcome } from './outcome.js';
import type { ReaderFormat, Seed } from './seeds.js';

/** Messages from the fuzzer (parent) to a runner process, which takes many cases, one at a time. */
export type ToRunner =
  | { type: 'init'; seeds: Seed[]; runSeed: string; budget: number; memLimit: number; dir: string }
  /** Build reader case `index` itself (as the parent would) and run it. */
  | { type: 'reader'; id: number; index: number; format: ReaderFormat }
  /** Run these files as they are (shrinking a failure, replaying a kept one). */
  | { type: 'files'; id: number; files: [string, Uint8Array][]; target: string }
  /** Contract case `index` of run `seed` (a kept case may come from another run than this one). */
  | { type: 'contract'; id: number; index: number; seed: string };

export type FromRunner =
  | { type: 'ready' }
  | { type: 'result'; id: number; outcome: Outcome; message: string; ms: number; peakMb: number }
  /** An uncaught exception or unhandled rejection while no case was running (blamed on the last one). */
  | { type: 'stray'; message: string };
