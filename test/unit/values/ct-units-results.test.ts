import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measurementRow, resultCellText, resultsCsv, resultsTsv, type ResultRow } from '../../../app/measure/results.js';
import { sampleStats } from '../../../app/measure/stats.js';
import { areaUnit, lengthSuffix, lengthUnit, spacingText, unitLabel } from '../../../app/model/units.js';
import type { VolumeMeta } from '../../../app/model/volume.js';
import { CT_PRESETS, looksLikeCt, presetRange } from '../../../app/view/ct.js';
import { FIXTURES } from '../paths.js';
import { fileSourceSet } from '../sources.js';
import { load, nodeCodecs } from '../nifti/helpers.js';

const nifti = (over: Partial<VolumeMeta> = {}): VolumeMeta => ({
  format: 'nifti1', dims: { x: 4, y: 4, z: 4, c: 1, t: 1 }, dtype: 'int16', spacing: { x: 1, y: 1, z: 1, t: 1 }, unit: 'mm', timeUnit: '',
  channels: [{ name: '', wavelength: null }], scaling: null, affine: null, extra: { descrip: '', intent_name: '' }, warnings: [], ...over,
});

describe('CT presets', () => {
  it('windows in HU as Slicer and Horos ship them', () => {
    const byName = Object.fromEntries(CT_PRESETS.map((p) => [p.name, presetRange(p)]));
    expect(byName.Brain).toEqual({ min: 0, max: 100 });
    expect(byName.Abdomen).toEqual({ min: -135, max: 215 });
    expect(byName.Lung).toEqual({ min: -1200, max: 200 });
    expect(byName.Bone).toEqual({ min: -450, max: 1050 });
    expect(byName['Soft tissue']).toEqual({ min: -160, max: 240 });
  });

  it('looks like CT: NIfTI whose calibrated minimum is air or padding, or whose header says CT', () => {
    expect(looksLikeCt(nifti(), { min: -1024, max: 3071 })).toBe(true);
    expect(looksLikeCt(nifti(), { min: -3024, max: 2000 })).toBe(true);
    expect(looksLikeCt(nifti(), { min: 0, max: 4095 })).toBe(false); // MRI
    expect(looksLikeCt(nifti(), { min: -4096, max: 4095 })).toBe(false); // Siemens phase
    expect(looksLikeCt(nifti(), { min: -1000, max: 50 })).toBe(false);
    expect(looksLikeCt(nifti(), null)).toBe(false);
    expect(looksLikeCt(nifti({ extra: { descrip: 'CT head, 120 kV' } }), null)).toBe(true);
    expect(looksLikeCt(nifti({ extra: { intent_name: 'Hounsfield' } }), null)).toBe(true);
    expect(looksLikeCt(nifti({ extra: { descrip: 'OCTOPUS' } }), null)).toBe(false);
    expect(looksLikeCt(nifti({ format: 'tiff' }), { min: -1024, max: 3071 })).toBe(false);
    expect(looksLikeCt(nifti({ dims: { x: 4, y: 4, z: 4, c: 3, t: 1 } }), { min: -1024, max: 3071 })).toBe(false);
    expect(looksLikeCt(nifti({ dtype: 'complex64' }), { min: -1024, max: 3071 })).toBe(false);
  });
});

describe('one unit fact', () => {
  it('labels the declared unit, px when nothing is calibrated, nothing is assumed', () => {
    expect(unitLabel('um')).toBe('µm');
    expect(lengthUnit(nifti())).toBe('mm');
    expect(lengthUnit(nifti({ unit: '' }))).toBe('px');
    expect(lengthUnit(nifti({ unit: '', spacing: { x: 4, y: 4, z: 5, t: 1 } }))).toBe('');
    expect(lengthSuffix(nifti({ unit: '', spacing: { x: 4, y: 4, z: 5, t: 1 } }))).toBe(' (no unit)');
    expect(areaUnit(nifti({ unit: 'um' }))).toBe('µm²');
    expect(areaUnit(nifti({ unit: '' }))).toBe('px²');
    expect(spacingText(nifti({ spacing: { x: 0.5, y: 0.5, z: 2, t: 1 } }))).toBe('0.5 x 0.5 x 2 mm');
    expect(spacingText(nifti({ unit: '' }))).toBe('1 x 1 x 1 (no unit)');
  });

  it('NIfTI xyzt_units: mm where declared, no unit where unknown (as nibabel reports it)', async () => {
    const read = async (path: string) => (await load(fileSourceSet(path), nodeCodecs)).header.meta;
    const mm = await read(join(FIXTURES, 'values', 'ct_hu_slope1.nii.gz'));
    expect(spacingText(mm)).toBe('0.5 x 0.5 x 2 mm');
    const unknown = await read(join(FIXTURES, 'real', 'dipy_aniso_vox.nii.gz'));
    expect(unknown.unit).toBe('');
    expect(unknown.affine).not.toBeNull(); // it has an affine, yet its file declares no unit: none is shown
    expect(spacingText(unknown)).toBe('4 x 4 x 5 (no unit)');
  });
});

describe('results table rows', () => {
  // A 6 x 4 plane: value = 10 * col + row; pixels 0.5 x 0.25 um.
  const values = Float64Array.from({ length: 24 }, (_, i) => 10 * (i % 6) + Math.floor(i / 6));
  const base = { file: 'a,b.tif', plane: 'xy', slice: 4, frame: 0, channel: 'GFP', values, width: 6, height: 4, pixel: { x: 0.5, y: 0.25 }, unit: 'µm' };

  it('a rectangle: Fiji\'s pixels-by-centre rule, area in unit², 1-based slice and frame', () => {
    const r = measurementRow({ ...base, shape: { kind: 'rect', x0: 1, y0: 0, x1: 3, y1: 2 } });
    // Columns 1, 2 and rows 0, 1: values 10, 11, 20, 21.
    expect(r).toMatchObject({ slice: 5, frame: 1, shape: 'rect', count: 4, mean: 15.5, min: 10, max: 21, length: null, unit: 'µm' });
    expect(r.area).toBe(4 * 0.5 * 0.25);
    expect(r.std).toBeCloseTo(sampleStats([10, 11, 20, 21]).std, 12);
  });

  it('an ellipse and a line', () => {
    const e = measurementRow({ ...base, shape: { kind: 'ellipse', x0: 0, y0: 0, x1: 6, y1: 4 } });
    expect(e.count).toBeGreaterThan(12);
    expect(e.count).toBeLessThan(24);
    // A horizontal line through the centres of row 1, columns 0..5: values 1, 11, ..., 51.
    const l = measurementRow({ ...base, shape: { kind: 'line', x0: 0.5, y0: 1.5, x1: 5.5, y1: 1.5 } });
    expect(l).toMatchObject({ shape: 'line', area: null, count: 6, mean: 26, min: 1, max: 51 });
    expect(l.length).toBe(2.5);
  });

  it('CSV quotes what needs it and round-trips numbers; TSV for the clipboard; cells for the screen', () => {
    const r: ResultRow = { n: 1, ...measurementRow({ ...base, shape: { kind: 'rect', x0: 1, y0: 0, x1: 3, y1: 2 } }) };
    const csv = resultsCsv([r, { ...r, n: 2, channel: 'say "hi"', mean: 1 / 3 }]).trim().split('\n');
    expect(csv[0]).toBe('n,file,plane,slice,frame,channel,shape,area,length,unit,count,mean,std,min,max');
    expect(csv[1].startsWith('1,"a,b.tif",xy,5,1,GFP,rect,0.5,,µm,4,15.5,')).toBe(true);
    expect(csv[2]).toContain(',"say ""hi""",');
    expect(Number(csv[2].split(',')[12])).toBe(1 / 3);
    const tsv = resultsTsv([{ ...r, file: 'tab\there' }]).trim().split('\n');
    expect(tsv[1].split('\t')).toHaveLength(15);
    expect(tsv[1].split('\t')[1]).toBe('tab here');
    expect(resultCellText(1 / 3)).toBe('0.333333');
    expect(resultCellText(null)).toBe('');
    expect(resultCellText(NaN)).toBe('');
  });

  it('sample statistics skip NaN; none left gives count 0', () => {
    expect(sampleStats([1, NaN, 3])).toEqual({ count: 2, mean: 2, std: Math.SQRT2, min: 1, max: 3 });
    expect(sampleStats([NaN]).count).toBe(0);
    expect(sampleStats([7])).toEqual({ count: 1, mean: 7, std: 0, min: 7, max: 7 });
  });
});
