import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAllReaders } from '../../../app/formats/all-readers.js';
import { defaultCodecs } from '../../../app/formats/codecs.js';
import { planRuns } from '../../../app/formats/raw-runs.js';
import type { RawExtent, VolumeReader } from '../../../app/formats/reader.js';
import { sniffReader } from '../../../app/formats/registry.js';
import { bytesPerVoxel } from '../../../app/model/dtype.js';
import { planeCount } from '../../../app/model/volume.js';
import { FIXTURES, HAVE_SHARED, SHARED } from '../paths.js';
import { fileSourceSet } from '../sources.js';

/**
 * The host reads planes that have a raw extent straight from the file, many at once, and never calls
 * decodePlane for them: the bytes at every extent must be exactly what decodePlane gives.
 */
registerAllReaders();
const ctx = { codecs: defaultCodecs };

function filesIn(dir: string, re: RegExp): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((n) => re.test(n)).map((n) => join(dir, n));
}

const RAW_CANDIDATES = /\.(tiff?|nii|hdr|npy)$/i;
const inputs = [
  ...['tiff', 'nifti', 'envi', 'npy'].flatMap((d) => filesIn(join(FIXTURES, d), RAW_CANDIDATES)),
  ...(HAVE_SHARED
    ? [
        ...['tiff', 'nifti', 'envi'].flatMap((d) => filesIn(join(SHARED, 'oracles', d), RAW_CANDIDATES)),
        ...readdirSync(join(SHARED, 'data')).flatMap((d) => filesIn(join(SHARED, 'data', d), RAW_CANDIDATES)),
      ]
    : []),
];

/** Raw planes checked per reader, to show that every raw-capable reader took part. */
const checked = new Map<string, number>();

describe('raw extents give the bytes decodePlane gives', () => {
  for (const path of inputs) {
    it(basename(path), async () => {
      const files = fileSourceSet(path);
      const reader = sniffReader(readFileSync(path).subarray(0, 4096), basename(path)) as VolumeReader | undefined;
      if (!reader?.rawExtent || !reader.decodePlane) return;
      let header;
      try {
        header = await reader.readHeader(files, ctx);
      } catch {
        return; // corrupt inputs: their errors are tested elsewhere
      }
      // Like the host, use the layout after structured cloning (it crosses into worker threads).
      header = { ...header, layout: structuredClone(header.layout) };
      const { dims, dtype } = header.meta;
      const planeBytes = dims.x * dims.y * bytesPerVoxel(dtype);
      for (let p = 0; p < planeCount(dims); p++) {
        const e = reader.rawExtent(header, p);
        if (!e) continue;
        expect(e.length).toBe(planeBytes);
        const src = e.file && e.file !== files.primary.name ? await files.sibling(e.file) : files.primary;
        const raw = await src!.read(e.offset, e.length);
        const decoded = new Uint8Array(planeBytes);
        await reader.decodePlane(files, header, p, decoded, ctx);
        expect(Buffer.compare(raw, decoded), `plane ${p}`).toBe(0);
        checked.set(reader.id, (checked.get(reader.id) ?? 0) + 1);
      }
    });
  }
  it('covers TIFF, NIfTI, ENVI and .npy', () => {
    for (const id of ['tiff', 'nifti', 'envi', 'npy']) expect(checked.get(id) ?? 0, id).toBeGreaterThan(0);
  });
});

describe('planRuns', () => {
  const ext = (offset: number, file?: string): RawExtent => ({ offset, length: 10, file });
  it('merges planes that follow each other in the file and in the volume', () => {
    const runs = planRuns([0, 1, 2, 3], (p) => ext(100 + 10 * p), 10);
    expect(runs).toEqual([{ kind: 'raw', file: undefined, offset: 100, length: 40, firstPlane: 0, planes: 4 }]);
  });
  it('breaks runs at gaps, at other files, at the size cap and around planes to decode', () => {
    const at: Record<number, RawExtent | null> = { 0: ext(0), 1: ext(10), 2: ext(30), 3: null, 4: ext(40), 5: ext(50, 'x.img'), 6: ext(60, 'x.img'), 7: ext(70, 'x.img') };
    const runs = planRuns([0, 1, 2, 3, 4, 5, 6, 7], (p) => at[p], 10, 20);
    expect(runs.map((r) => (r.kind === 'raw' ? `${r.firstPlane}+${r.planes}` : `d${r.plane}`))).toEqual(['0+2', '2+1', 'd3', '4+1', '5+2', '7+1']);
  });
  it('does not merge planes that are not consecutive in the volume', () => {
    expect(planRuns([0, 2], (p) => ext(10 * p), 10)).toHaveLength(2);
  });
  it('decodes planes whose extent is not a whole plane', () => {
    expect(planRuns([0], () => ({ offset: 0, length: 8 }), 10)).toEqual([{ kind: 'decode', plane: 0 }]);
  });
});
