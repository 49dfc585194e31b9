import { describe, expect, it } from 'vitest';
import { decodeDisplay, encodeDisplay, type DisplayState } from '../../../app/model/display.js';
import type { VolumeMeta } from '../../../app/model/volume.js';

/** Saved display settings: one schema, a version, and the migration of version 1's stored-unit windows. */
const meta = (c: number, scaling: VolumeMeta['scaling'] = null): VolumeMeta => ({
  format: 'nifti', dims: { x: 2, y: 2, z: 1, c, t: 1 }, dtype: 'int16', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: 'mm', timeUnit: 's',
  channels: Array.from({ length: c }, () => ({ name: '', wavelength: null })), scaling, affine: null, extra: {}, warnings: [],
});
const display: DisplayState = {
  mode: 'composite', rgbBands: [0, 1, 0], saturation: 0.5, complexPart: 'phase',
  channels: [
    { visible: true, lut: 'viridis', customTable: null, customName: null, mapping: { min: -5, max: 10, gamma: 0.5, log: false, invert: true } },
    { visible: false, lut: 'custom', customTable: new Uint8Array(768).fill(7), customName: 'mine', mapping: { min: NaN, max: NaN, gamma: 1, log: true, invert: false } },
  ],
};

describe('saved display settings', () => {
  it('round-trip through JSON, NaN ranges and custom tables included', () => {
    const back = decodeDisplay(JSON.parse(JSON.stringify(encodeDisplay(display))), meta(2));
    expect(back).toEqual(display);
    expect(back!.channels[1].customTable).toBeInstanceOf(Uint8Array);
  });

  it('a version-1 window in stored units is migrated through the scaling; its complex part is magnitude', () => {
    const v1 = { ...encodeDisplay(display), v: 1 };
    const back = decodeDisplay(JSON.parse(JSON.stringify(v1)), meta(2, { slope: 2, inter: -1000 }))!;
    expect(back.channels[0].mapping).toMatchObject({ min: -1010, max: -980 });
    expect(back.complexPart).toBe('magnitude');
    // A version-2 window is kept as it is.
    expect(decodeDisplay(JSON.parse(JSON.stringify(encodeDisplay(display))), meta(2, { slope: 2, inter: -1000 }))!.channels[0].mapping.min).toBe(-5);
  });

  it('refuses settings that do not fit the volume or are not valid', () => {
    const saved = JSON.parse(JSON.stringify(encodeDisplay(display)));
    expect(decodeDisplay(saved, meta(3))).toBeNull(); // another channel count
    expect(decodeDisplay({ ...saved, v: 3 }, meta(2))).toBeNull(); // a newer version than this app knows
    expect(decodeDisplay({ ...saved, mode: 'psychedelic' }, meta(2))).toBeNull();
    expect(decodeDisplay({ ...saved, rgbBands: [0, 5, 0] }, meta(2))).toBeNull();
    expect(decodeDisplay('garbage', meta(2))).toBeNull();
    expect(decodeDisplay(null, meta(2))).toBeNull();
  });
});
