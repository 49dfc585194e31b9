import { describe, expect, it } from 'vitest';
import { formatWavelength, trueColorBands, wavelengthsInNm } from '../../../app/view/true-color.js';

/** n bands evenly from a to b. */
const bands = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

describe('true colour bands', () => {
  it('picks the bands nearest 640 / 550 / 460 nm', () => {
    // 400, 410, ..., 1000 nm: 640 is band 24, 550 band 15, 460 band 6.
    expect(trueColorBands(bands(400, 1000, 61), 'nm')).toEqual([24, 15, 6]);
    expect(trueColorBands(bands(400, 1000, 61), 'Nanometers')).toEqual([24, 15, 6]);
  });

  it('understands micrometres by name and unitless values below 10 as micrometres', () => {
    const um = bands(0.4, 1.0, 61);
    for (const unit of ['um', 'µm', 'μm', 'Micrometers', 'microns', null, '', 'Unknown']) {
      expect(trueColorBands(um, unit)).toEqual([24, 15, 6]);
    }
    expect(trueColorBands(bands(400, 1000, 61), null)).toEqual([24, 15, 6]); // unitless nm
  });

  it('wavenumbers convert to nm', () => {
    // 1e7 / 15625 = 640 nm, 1e7 / 18181.8 ≈ 550, 1e7 / 21739.1 ≈ 460
    expect(trueColorBands([21739.13, 15625, 18181.82, 5000], 'cm-1')).toEqual([1, 2, 0]);
  });

  it('skips bands without a wavelength; first of equally near bands wins', () => {
    expect(trueColorBands([null, 460, null, 550, 640], 'nm')).toEqual([4, 3, 1]);
    // Every target sits halfway between two bands: 640 (600 | 680), 550 (600 | 500), 460 (500 | 420).
    expect(trueColorBands([600, 680, 500, 420], 'nm')).toEqual([0, 0, 2]);
  });

  it('partial coverage still maps; no wavelengths, a non-length unit or no visible overlap → null', () => {
    expect(trueColorBands(bands(700, 1000, 31), 'nm')).toEqual([0, 0, 0]);
    expect(trueColorBands([], 'nm')).toBeNull();
    expect(trueColorBands([null, null], 'nm')).toBeNull();
    expect(trueColorBands(bands(1000, 2500, 151), 'nm')).toBeNull(); // SWIR only
    expect(trueColorBands(bands(1.0, 2.5, 151), 'um')).toBeNull();
    expect(trueColorBands([1, 2, 3], 'Index')).toBeNull();
    expect(trueColorBands([1, 2, 3], 'GHz')).toBeNull();
  });

  it('wavelengthsInNm keeps nulls in place', () => {
    expect(wavelengthsInNm([0.5, null, 1.5], 'um')).toEqual([500, null, 1500]);
  });

  it('formats wavelengths with their unit', () => {
    expect(formatWavelength(550, 'nm')).toBe('550 nm');
    expect(formatWavelength(0.55, 'Micrometers')).toBe('0.55 µm');
    expect(formatWavelength(0.1 + 0.2, 'um')).toBe('0.3 µm');
    expect(formatWavelength(1.234, null)).toBe('1.234');
    expect(formatWavelength(1.234, 'Unknown')).toBe('1.234');
    expect(formatWavelength(18181.82, 'cm-1')).toBe('18181.8 cm⁻¹');
    expect(formatWavelength(null, 'nm')).toBe('');
  });
});
