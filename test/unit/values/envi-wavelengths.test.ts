import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wavelengthFromName, wavelengthsFromNames } from '../../../app/formats/envi/band-names.js';
import { enviReader } from '../../../app/formats/envi/index.js';
import { MemorySourceSet } from '../../../app/formats/source.js';
import { spacingText } from '../../../app/model/units.js';
import { spectrumAxis } from '../../../app/view/channel-axis.js';
import { spreadBands, trueColor } from '../../../app/view/true-color.js';
import { defaultDisplayBands } from '../../../app/view/true-color.js';
import { ctx } from '../envi/decode-volume.js';
import { FIXTURES } from '../paths.js';
import { fileSourceSet } from '../sources.js';

const DIR = join(FIXTURES, 'values');

describe('wavelengths in ENVI band names', () => {
  it('takes a number followed by a unit, in any case and spelling', () => {
    expect(wavelengthFromName('376.44 Nanometers')).toEqual({ value: 376.44, unit: 'nm' });
    expect(wavelengthFromName('Band 12: 450.5nm')).toEqual({ value: 450.5, unit: 'nm' });
    expect(wavelengthFromName('Resize (Band 3) (0.4512 Micrometers)')).toEqual({ value: 0.4512, unit: 'um' });
    expect(wavelengthFromName('1.25 µm')).toEqual({ value: 1.25, unit: 'um' });
    expect(wavelengthFromName('2500 cm-1')).toEqual({ value: 2500, unit: 'cm-1' });
    expect(wavelengthFromName('1.2e3 nanometres')).toEqual({ value: 1200, unit: 'nm' });
  });

  it('a band number or a number without a unit is not a wavelength', () => {
    for (const name of ['Band 12', 'Resize (Band 1:resampled_clipped_2013317) (426.820007)', 'NDVI', '12 nmol', '']) {
      expect(wavelengthFromName(name), name).toBeNull();
    }
  });

  it('counts only when every band has one, in one unit; the header\'s unit is kept', () => {
    expect(wavelengthsFromNames(['400 nm', '500 nm'], null)).toEqual({ values: [400, 500], unit: 'nm' });
    expect(wavelengthsFromNames(['400 nm', 'Band 2'], null)).toBeNull();
    expect(wavelengthsFromNames(['400 nm', '0.5 um'], null)).toBeNull();
    expect(wavelengthsFromNames(['400 nm', '500 nm'], 'um')).toEqual({ values: [0.4, 0.5], unit: 'um' });
    expect(wavelengthsFromNames(['400 nm', '500 nm'], 'nm')).toEqual({ values: [400, 500], unit: 'nm' });
    expect(wavelengthsFromNames(['2500 cm-1', '2000 cm-1'], 'nm')).toBeNull(); // not a length: cannot convert
    expect(wavelengthsFromNames([], null)).toBeNull();
  });

  it('the committed cube: wavelengths, unit and a spectrum axis in nm from its band names; map info as spacing', async () => {
    const { meta } = await enviReader.readHeader(fileSourceSet(join(DIR, 'envi_bandnames.hdr')), ctx);
    expect(meta.channels.map((c) => c.wavelength)).toEqual(Array.from({ length: 20 }, (_, k) => +(376.44 + 20 * k).toFixed(2)));
    expect(meta.wavelengthUnit).toBe('nm');
    expect(meta.extra['wavelengths from']).toBe('band names');
    expect(spectrumAxis(meta).label).toBe('wavelength (nm)');
    expect(trueColor(meta.channels.map((c) => c.wavelength), meta.wavelengthUnit ?? null).bands).toEqual([13, 9, 4]);
    expect(meta.spacing).toMatchObject({ x: 30, y: 30 });
    expect(spacingText(meta)).toBe('30 x 30 m');
  });

  it('the header\'s "wavelength" field wins over band names', async () => {
    const hdr = 'ENVI\nsamples = 2\nlines = 2\nbands = 2\ndata type = 1\ninterleave = bsq\nwavelength = {1.1, 1.2}\nwavelength units = Micrometers\nband names = {400 nm, 500 nm}\n';
    const files = new MemorySourceSet('c.hdr', new Map([['c.hdr', new TextEncoder().encode(hdr)], ['c.img', new Uint8Array(8)]]));
    const { meta } = await enviReader.readHeader(files, ctx);
    expect(meta.channels.map((c) => c.wavelength)).toEqual([1.1, 1.2]);
    expect(meta.wavelengthUnit).toBe('um');
  });
});

describe('RGB bands without wavelengths', () => {
  it('true colour says why it is unavailable', () => {
    expect(trueColor([null, null, null], null)).toEqual({ bands: null, reason: 'the file gives no band wavelengths' });
    expect(trueColor([1, 2, 3], 'Index').reason).toBe('the wavelengths are in "Index", not a length');
    expect(trueColor([1000, 1500, 2500], 'nm').reason).toBe('no band lies in the visible range (380–750 nm)');
    expect(trueColor([460, 550, 640], 'nm')).toEqual({ bands: [2, 1, 0], reason: null });
  });

  it('spread bands: red at 5/6, green at 1/2, blue at 1/6 of the range', () => {
    expect(spreadBands(12)).toEqual([9, 6, 2]);
    expect(spreadBands(425)).toEqual([353, 212, 71]);
    expect(spreadBands(3)).toEqual([2, 1, 0]);
    expect(spreadBands(1)).toEqual([0, 0, 0]);
  });

  it('ENVI "default bands" (1-based) is the first choice, then true colour, then spread bands', async () => {
    const base = 'ENVI\nsamples = 2\nlines = 2\nbands = 12\ndata type = 1\ninterleave = bsq\n';
    const open = async (extra: string) => {
      const files = new MemorySourceSet('c.hdr', new Map([['c.hdr', new TextEncoder().encode(base + extra)], ['c.img', new Uint8Array(48)]]));
      return (await enviReader.readHeader(files, ctx)).meta;
    };
    const withDefault = await open('default bands = {10, 6, 3}\n');
    expect(withDefault.defaultBands).toEqual([9, 5, 2]);
    expect(defaultDisplayBands(withDefault)).toEqual([9, 5, 2]);
    const bad = await open('default bands = {10, 60, 3}\n');
    expect(bad.defaultBands).toBeNull();
    expect(bad.warnings.join()).toContain('default bands');
    expect((await open('default bands = {4}\n')).defaultBands).toBeNull(); // one band: gray, not RGB
    const none = await open('');
    expect(defaultDisplayBands(none)).toEqual([9, 6, 2]);
    const { meta } = await enviReader.readHeader(fileSourceSet(join(DIR, 'envi_nowl.hdr')), ctx);
    expect(meta.channels.every((c) => c.wavelength === null)).toBe(true);
    expect(defaultDisplayBands(meta)).toEqual([9, 6, 2]);
    expect(spectrumAxis(meta).label).toBe('band');
    expect(spectrumAxis(meta).x).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});
