import { gzipSync } from 'node:zlib';
import type { Files, Op } from '../ops.js';
import type { Rng } from '../prng.js';
import { enviOps, isEnviHeader } from './envi.js';
import { genericOps } from './generic.js';
import { gzipOps, isGzip } from './gzip.js';
import { niftiOps } from './nifti.js';
import { npyOps } from './npy.js';
import { pngOps } from './png.js';
import { tiffOps } from './tiff.js';

/** Edits of one file, chosen by what the file is (its bytes, not its name): structure-aware where we know the format. */
export function fileOps(rng: Rng, f: string, b: Uint8Array): Op[] {
  if (rng.chance(0.15)) return genericOps(rng, f, b);
  if (isGzip(b)) return gzipOps(rng, f, b, fileOps);
  if (isEnviHeader(b)) return enviOps(rng, f, b);
  return tiffOps(rng, f, b) ?? pngOps(rng, f, b) ?? niftiOps(rng, f, b) ?? npyOps(rng, f, b) ?? genericOps(rng, f, b);
}

/**
 * Edits of the set of files: a partner or member removed, emptied, cut in half, swapped for another
 * one, gzipped under its own name, renamed in another case, or a stray file added beside them.
 */
export function setOps(rng: Rng, files: Files, target: string): Op[] {
  const names = [...files.keys()];
  const others = names.filter((n) => n !== target);
  const any = rng.pick(names);
  const other = others.length ? rng.pick(others) : any;
  const b = files.get(other)!;
  return [
    rng.weighted<() => Op>([
      [3, () => ({ k: 'remove', f: other, why: `${other} removed` })],
      [2, () => ({ k: 'put', f: other, b: new Uint8Array(0), why: `${other} emptied` })],
      [2, () => ({ k: 'put', f: other, b: b.slice(0, b.length >> 1), why: `${other} cut in half` })],
      [2, () => ({ k: 'put', f: other, b: files.get(rng.pick(names))!, why: `${other} replaced by a copy of another file of the set` })],
      [2, () => ({ k: 'put', f: other, b: new Uint8Array(gzipSync(b)), why: `${other} gzipped under its own name` })],
      [1, () => ({ k: 'put', f: other.toUpperCase(), b, why: `${other} copied as ${other.toUpperCase()}` })],
      [2, () => {
        const name = rng.pick(['stray_999.png', 'stray_0.tif', `${any}.hdr`, `${any.replace(/\.[^.]*$/, '')}.img.gz`, '.hidden_1.png', 'a_2.PNG']);
        const content = rng.pick([new Uint8Array(0), rng.bytes(64), b]);
        return { k: 'put', f: name, b: content, why: `stray file ${name} (${content.length} bytes) added` };
      }],
    ])(),
  ];
}
