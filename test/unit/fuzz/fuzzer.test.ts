import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../app/formats/errors.js';
import { buildCase, filesOf } from '../../../main/cli/fuzz/case.js';
import { buildContractCase } from '../../../main/cli/fuzz/contract-cases.js';
import { mapTiff, tiffBoundaries } from '../../../main/cli/fuzz/mutators/tiff-map.js';
import { applyOps, splice, truncate } from '../../../main/cli/fuzz/ops.js';
import { classifyError } from '../../../main/cli/fuzz/outcome.js';
import { Rng } from '../../../main/cli/fuzz/prng.js';
import { loadSeeds, READER_FORMATS, SEED_DIRS } from '../../../main/cli/fuzz/seeds.js';
import { OverBudgetError } from '../../../main/services/open-volume.js';
import { FIXTURES, REPO } from '../paths.js';

const seeds = loadSeeds(SEED_DIRS.map((d) => join(REPO, d)));

describe('fuzzer PRNG', () => {
  it('gives the same numbers for the same seed and index, other numbers otherwise', () => {
    const draw = (s: string, i: number): number[] => {
      const r = new Rng(s, i);
      return Array.from({ length: 8 }, () => r.u32());
    };
    expect(draw('a', 1)).toEqual(draw('a', 1));
    expect(draw('a', 1)).not.toEqual(draw('a', 2));
    expect(draw('a', 1)).not.toEqual(draw('b', 1));
  });
  it('int(n) covers [0, n) evenly', () => {
    const r = new Rng('even');
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) counts[r.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});

describe('fuzzer seeds', () => {
  it('has seeds of every reader format, multi-file sets among them', () => {
    for (const f of READER_FORMATS) expect(seeds.some((s) => s.format === f), f).toBe(true);
    expect(seeds.find((s) => s.name === 'envi/bil_c16.hdr')?.files.map(([n]) => n)).toEqual(['bil_c16.hdr', 'bil_c16.img']);
    expect(seeds.find((s) => s.name === 'nifti/pair_uint8.hdr')?.files.map(([n]) => n)).toEqual(['pair_uint8.hdr', 'pair_uint8.img']);
    const gray = seeds.find((s) => s.name === 'sequence/gray8_0001.png..');
    expect(gray?.files.length).toBe(3);
    expect(gray?.targets).toContain('.');
  });
});

describe('fuzz cases', () => {
  it('are the same bytes for the same seed and index', () => {
    for (const format of READER_FORMATS) {
      for (let i = 0; i < 20; i++) {
        const a = filesOf(buildCase(seeds, 's', i, format));
        const b = filesOf(buildCase(seeds, 's', i, format));
        expect([...a.entries()]).toEqual([...b.entries()]);
      }
    }
  });
  it('differ from their seed in most cases', () => {
    let changed = 0;
    for (let i = 0; i < 100; i++) {
      const c = buildCase(seeds, 'd', i, 'tiff');
      const files = filesOf(c);
      if ([...files].some(([n, b]) => !c.base.has(n) || Buffer.compare(c.base.get(n)!, b) !== 0) || files.size !== c.base.size) changed++;
    }
    expect(changed).toBeGreaterThan(85);
  });
  it('contract cases are the same messages for the same seed and index', () => {
    const a = buildContractCase('s', 7, ['tiff/a.tif']);
    expect(buildContractCase('s', 7, ['tiff/a.tif'])).toEqual(a);
    expect(a.length).toBeGreaterThan(0);
  });
});

describe('edits', () => {
  it('splice replaces, inserts, deletes and truncates', () => {
    const files = new Map([['f', Uint8Array.from([1, 2, 3, 4])]]);
    const out = applyOps(files, [splice('f', 1, 1, [9, 9], 'x'), splice('f', 0, 0, [7], 'x'), truncate('f', 4, 'x')]);
    expect([...out.get('f')!]).toEqual([7, 1, 9, 9]);
    expect([...files.get('f')!]).toEqual([1, 2, 3, 4]);
  });
});

describe('TIFF map', () => {
  it('finds every IFD, its entries and strips, and cuts at them', () => {
    const b = new Uint8Array(readFileSync(join(FIXTURES, 'tiff/stack_uint16_le.tif')));
    const m = mapTiff(b)!;
    expect(m.ifds.length).toBeGreaterThan(1);
    expect(m.ifds[0].entries.some((e) => e.tag === 273)).toBe(true);
    expect(m.chunks.length).toBeGreaterThanOrEqual(m.ifds.length);
    const cuts = tiffBoundaries(m, b.length);
    expect(cuts).toContain(m.ifds[1].off);
    expect(cuts).toContain(m.chunks[0].off);
  });
  it('stops at an IFD loop', () => {
    const b = new Uint8Array(readFileSync(join(FIXTURES, 'tiff/corrupt_ifd_loop.tif')));
    expect(mapTiff(b)!.ifds.length).toBeLessThan(64);
  });
});

describe('outcome classification', () => {
  const names = ['x.tif', 'case'];
  it('takes FormatError, OverBudgetError and forwarded worker errors naming the file as clean', () => {
    expect(classifyError(new FormatError('x.tif', 'IFD 0 points past the end'), names).outcome).toBe('clean-error');
    expect(classifyError(new OverBudgetError('x.tif', 10, 5, { zStep: 2, xyBin: 1, tRange: null }), names).outcome).toBe('clean-error');
    expect(classifyError(new Error('x.tif: data at offset 9 is past the end'), names).outcome).toBe('clean-error');
    expect(classifyError(new RangeError('x.tif: read of 4 bytes at offset 90 is past the end of the file (10 bytes)'), names).outcome).toBe('clean-error');
  });
  it('takes engine errors, errors naming no file and wrapped engine text as failures', () => {
    expect(classifyError(new TypeError("Cannot read properties of undefined (reading 'x')"), names).outcome).toBe('internal-error');
    expect(classifyError(new RangeError('Invalid typed array length: -4'), names).outcome).toBe('internal-error');
    expect(classifyError(new RangeError('x.tif: Invalid array length'), names).outcome).toBe('internal-error');
    expect(classifyError(new Error('loading ok'), names).outcome).toBe('internal-error');
    expect(classifyError(new Error('decoder crashed: boom'), names).outcome).toBe('internal-error');
    expect(classifyError(new FormatError('x.tif', 'cannot decode LZW data: Cannot read properties of null'), names).outcome).toBe('unclear-error');
    expect(classifyError(new FormatError('x.tif', 'cannot decode deflate data: Cannot create a Buffer larger than 44 bytes'), names).outcome).toBe('unclear-error');
    expect(classifyError(new FormatError('x.tif', 'two\nlines'), names).outcome).toBe('unclear-error');
    expect(classifyError(new FormatError('y.tif', 'a file of another case'), names).outcome).toBe('unclear-error');
    expect(classifyError(new FormatError('x.tif', 'size undefined'), names).outcome).toBe('unclear-error');
  });
  it('lets values quoted from the file through', () => {
    expect(classifyError(new FormatError('x.tif', 'the header is not a valid dict: "{\'shape\': undefined}"'), names).outcome).toBe('clean-error');
  });
});
