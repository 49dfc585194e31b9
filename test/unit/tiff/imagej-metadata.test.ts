import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../app/formats/tiff/ifd.js';
import { normalizeTimeUnit, normalizeUnit } from '../../../app/formats/tiff/units.js';
import { FIXTURES } from '../paths.js';
import { decodeFile } from './helpers.js';

/*
 * ImageJ metadata corners, on files tifffile wrote (test/fixtures/imagej/make.py): what each should
 * give is what the script put in, as ImageJ and tifffile read it back.
 */
const open = (name: string) => decodeFile(join(FIXTURES, 'imagej', name)).then((d) => d.meta);
const names = (m: Awaited<ReturnType<typeof open>>): string[] => m.channels.map((c) => c.name);

describe('ImageJ channel names from slice labels', () => {
  it('a label on every plane, the same along z and t: the channel names', async () => {
    const m = await open('labels-per-plane.tif');
    expect(m.dims).toEqual({ x: 5, y: 4, z: 3, c: 2, t: 2 });
    expect(names(m)).toEqual(['DAPI', 'GFP']);
    expect(m.spacing).toEqual({ x: 0.2, y: 0.2, z: 0.7, t: 1.5 });
    expect(m.unit).toBe('um');
    expect(m.timeUnit).toBe('min');
  });

  it('one label per channel', async () => {
    expect(names(await open('labels-per-channel.tif'))).toEqual(['DAPI', 'GFP']);
  });

  it('labels that differ along z name slices: no channel names, the labels kept in extra', async () => {
    const m = await open('labels-per-slice.tif');
    expect(names(m)).toEqual(['', '']);
    expect(m.extra['imagej.labels']).toBe('c0z0\nc1z0\nc0z1\nc1z1\nc0z2\nc1z2');
  });
});

describe('ImageJ units', () => {
  it('zunit=nm beside unit=micron: z converted to the one unit', async () => {
    const m = await open('zunit-nm.tif');
    expect(m.unit).toBe('um');
    expect(m.spacing.x).toBe(0.5);
    expect(m.spacing.z).toBeCloseTo(0.5, 12);
    expect(m.warnings).toEqual([]);
  });

  it('spelled-out and imperial units', async () => {
    expect((await open('unit-nanometers.tif')).unit).toBe('nm');
    const inch = await open('unit-inch.tif');
    expect(inch.unit).toBe('in');
    expect(inch.spacing).toMatchObject({ x: 0.5, y: 0.5, z: 3 });
  });

  it('a raw Latin-1 micro sign in the description reads as µm', async () => {
    const m = await open('unit-latin1-micro.tif');
    expect(m.unit).toBe('um');
    expect(m.extra['imagej.unit']).toBe('µm');
  });

  it('tunit=\\u00B5sec is microseconds', async () => {
    const m = await open('tunit-usec.tif');
    expect(m.timeUnit).toBe('us');
    expect(m.spacing.t).toBe(3);
  });

  it('normalizes the spellings', () => {
    for (const u of ['micrometers', 'micrometres', 'Microns', 'µm', 'μm']) expect(normalizeUnit(u)).toBe('um');
    for (const [u, want] of [['millimetres', 'mm'], ['meters', 'm'], ['centimeter', 'cm'], ['angstroms', 'A'], ['inches', 'in'], ['pixels', '']]) {
      expect(normalizeUnit(u)).toBe(want);
    }
    for (const [u, want] of [['µsec', 'us'], ['usec', 'us'], ['nsec', 'ns'], ['mins', 'min'], ['hrs', 'h'], ['secs', 's'], ['fortnight', 'fortnight']]) {
      expect(normalizeTimeUnit(u)).toBe(want);
    }
  });
});

describe('TIFF text tags', () => {
  it('UTF-8 where valid, else Latin-1', () => {
    expect(decodeText(new TextEncoder().encode('unit=µm'))).toBe('unit=µm');
    expect(decodeText(new Uint8Array([0x75, 0x3d, 0xb5, 0x6d]))).toBe('u=µm');
  });
});
