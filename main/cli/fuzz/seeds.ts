import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sequenceMembers } from '../../../app/formats/sequence/names.js';
import { isEnviHeader } from './mutators/envi.js';
import { isGzip } from './mutators/gzip.js';
import { niftiKind } from './mutators/nifti.js';
import { isNpy } from './mutators/npy.js';
import { isPngFile } from './mutators/png.js';
import { mapTiff } from './mutators/tiff-map.js';

export const READER_FORMATS = ['tiff', 'nifti', 'envi', 'npy', 'sequence'] as const;
export type ReaderFormat = (typeof READER_FORMATS)[number];

/** Files that open together (one folder), and which of them (or '.', the folder) a case may open. */
export interface Seed {
  format: ReaderFormat;
  /** Folder/first file, for reports. */
  name: string;
  files: [string, Uint8Array][];
  targets: string[];
}

/** The fixture folders every run starts from; a new fixture in any of them is a new seed. */
export const SEED_DIRS = ['tiff', 'nifti', 'envi', 'npy', 'sequence', 'real'].map((d) => join('test/fixtures', d));

const DATA_EXTENSIONS = ['', '.img', '.raw', '.bil', '.bsq', '.bip', '.dat'];
const NOT_DATA = /\.(py|json|md|txt)$/i;

/**
 * Groups the files of each folder into seeds: an ENVI header with its data file, a NIfTI .hdr with its
 * .img, numbered PNG/TIFF series (as a folder, plus a PNG alone), and every other TIFF, NIfTI and .npy
 * file on its own. Names are sorted, so the seed list (and so every case) is the same on every run.
 */
export function loadSeeds(dirs: readonly string[] = SEED_DIRS): Seed[] {
  const seeds: Seed[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => !n.startsWith('.') && !NOT_DATA.test(n) && statSync(join(dir, n)).isFile()).sort();
    } catch {
      continue;
    }
    const bytes = new Map(names.map((n) => [n, new Uint8Array(readFileSync(join(dir, n)))]));
    const used = new Set<string>();
    const label = (n: string): string => `${dir.split(/[\\/]/).pop()}/${n}`;
    for (const n of names) {
      const b = bytes.get(n)!;
      if (!isEnviHeader(b)) continue;
      const stem = n.replace(/\.hdr$/i, '');
      const data = DATA_EXTENSIONS.map((e) => stem + e).find((d) => d !== n && bytes.has(d));
      if (!data) continue;
      used.add(n).add(data);
      seeds.push({ format: 'envi', name: label(n), files: [[n, b], [data, bytes.get(data)!]], targets: [n, data] });
    }
    for (const n of names) {
      if (used.has(n) || !/\.hdr$/i.test(n) || !niftiKind(bytes.get(n)!)) continue;
      const img = [n.replace(/hdr$/i, 'img'), n.replace(/hdr$/i, 'img.gz')].find((d) => bytes.has(d));
      if (!img) continue;
      used.add(n).add(img);
      seeds.push({ format: 'nifti', name: label(n), files: [[n, bytes.get(n)!], [img, bytes.get(img)!]], targets: [n] });
    }
    const images = names.filter((n) => !used.has(n) && /\.(png|tiff?)$/i.test(n));
    const series = new Set<string>();
    for (const n of images) {
      if (series.has(n)) continue;
      const members = sequenceMembers(n, images);
      if (!members) continue;
      for (const m of members) series.add(m);
      seeds.push({ format: 'sequence', name: label(`${members[0]}..`), files: members.map((m) => [m, bytes.get(m)!]), targets: ['.', members[0]] });
      if (isPngFile(bytes.get(members[0])!)) seeds.push({ format: 'sequence', name: label(members[0]), files: [[members[0], bytes.get(members[0])!]], targets: [members[0]] });
    }
    for (const n of names) {
      if (used.has(n) || series.has(n)) continue;
      const b = bytes.get(n)!;
      const format: ReaderFormat | null = mapTiff(b) ? 'tiff' : isNpy(b) ? 'npy' : isPngFile(b) ? 'sequence'
        : niftiKind(b) || (isGzip(b) && /\.(nii|hdr)\.gz$/i.test(n)) ? 'nifti' : null;
      if (format) seeds.push({ format, name: label(n), files: [[n, b]], targets: [n] });
    }
  }
  return seeds;
}
