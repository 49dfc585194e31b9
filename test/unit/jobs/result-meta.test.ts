import { describe, expect, it } from 'vitest';
import { resultScaling } from '../../../app/filters/scaling.js';
import { writerForName } from '../../../app/formats/writers.js';
import { resultFileMeta } from '../../../app/jobs/result-meta.js';
import type { VolumeMeta } from '../../../app/model/volume.js';

/** A CT-like NIfTI input: calibrated (HU = stored - 1024), with spacing, units and an affine. */
const input: VolumeMeta = {
  format: 'nifti1', dims: { x: 3, y: 2, z: 2, c: 1, t: 1 }, dtype: 'int16',
  spacing: { x: 0.5, y: 0.5, z: 2, t: 1 }, unit: 'mm', timeUnit: 's', channels: [{ name: '', wavelength: null }],
  scaling: { slope: 1, inter: -1024 }, affine: [[0.5, 0, 0, 1], [0, 0.5, 0, 2], [0, 0, 2, 3], [0, 0, 0, 1]],
  extra: { descrip: 'scanner' }, warnings: ['a reader warning'],
};
const steps = [{ op: 'gaussian', sigma: 1 }];
const voxels = new Uint8Array(new Float32Array(12).map((_, i) => i * 1.5).buffer);

describe('resultFileMeta: the one metadata of a written pipeline result', () => {
  it('keeps geometry, takes the result dtype, drops scaling, warnings and extras', () => {
    const m = resultFileMeta(input, 'float32');
    expect(m).toEqual({ ...input, dtype: 'float32', scaling: null, warnings: [], extra: {} });
  });

  // The app's Apply layer keeps the calibration for its readout; written through resultFileMeta it is
  // the same file `voxelscope run` writes (item.ts) for every format.
  for (const name of ['out.nii', 'out.nii.gz', 'out.tif', 'out.npy']) {
    it(`an Apply layer written as ${name} equals the command line's bytes`, () => {
      const writer = writerForName(name)!;
      const layerMeta: VolumeMeta = { ...resultFileMeta(input, 'float32'), scaling: resultScaling(steps, input.scaling) };
      expect(layerMeta.scaling).toEqual(input.scaling); // the layer does read in HU
      const cli = Buffer.concat(writer.encode(resultFileMeta(input, 'float32'), voxels));
      const app = Buffer.concat(writer.encode(resultFileMeta(JSON.parse(JSON.stringify(layerMeta)) as VolumeMeta, layerMeta.dtype), voxels));
      expect(app.equals(cli)).toBe(true);
      // What the two sides disagreed on before: the layer's own metadata carries the calibration
      // into the NIfTI header (scl_slope/scl_inter), so written as-is it was not the CLI's file.
      const asLayer = Buffer.concat(writer.encode(layerMeta, voxels));
      expect(asLayer.equals(cli)).toBe(!name.includes('.nii'));
    });
  }
});
