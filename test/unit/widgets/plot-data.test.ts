import { describe, expect, it } from 'vitest';
import { dataExtents, formatReadout, nearestPoint, paddedExtent, stepPoint, type PlotData } from '../../../renderer/widgets/logic/plot-data.js';
import { plotToCsv } from '../../../renderer/widgets/logic/csv.js';
import { linearScale } from '../../../renderer/widgets/logic/scale.js';

const spectrum: PlotData = {
  series: [{ name: 'pixel (3, 4)', x: new Float64Array([450, 500, 550, 600]), y: [10, 40, 20, NaN], color: '#fff' }],
  xLabel: 'wavelength (nm)',
  yLabel: 'intensity',
};

describe('line plot data', () => {
  it('finds the finite extents over all series', () => {
    expect(dataExtents(spectrum)).toEqual({ x: { min: 450, max: 550 }, y: { min: 10, max: 40 } });
    expect(dataExtents({ ...spectrum, series: [] })).toBeNull();
  });

  it('pads flat extents and snaps y to nice ticks', () => {
    expect(paddedExtent({ min: 3, max: 3 }, false)).toEqual({ min: 2.85, max: 3.15 });
    expect(paddedExtent({ min: 0, max: 0 }, false)).toEqual({ min: -1, max: 1 });
    expect(paddedExtent({ min: 12, max: 87 }, true)).toEqual({ min: 0, max: 100 });
  });

  it('picks the point nearest the pointer in screen space, within a radius', () => {
    const xs = linearScale(450, 600, 0, 300); // 2 px per nm
    const ys = linearScale(0, 40, 100, 0); // 2.5 px per count, y up
    const hit = nearestPoint(spectrum, xs, ys, 104, 3, 20);
    expect(hit).toMatchObject({ seriesIndex: 0, index: 1, x: 500, y: 40 });
    expect(hit!.distance).toBeCloseTo(5, 9);
    expect(nearestPoint(spectrum, xs, ys, 300, 0, 20)).toBeNull(); // the NaN point is never a hit
  });

  it('steps through finite points for the keyboard', () => {
    const s = spectrum.series[0];
    expect(stepPoint(s, 0, 1)).toBe(1);
    expect(stepPoint(s, 2, 1)).toBe(-1);
    expect(stepPoint(s, 0, -1)).toBe(-1);
  });

  it('formats readouts with six significant digits', () => {
    expect(formatReadout(1 / 3)).toBe('0.333333');
    expect(formatReadout(123456789)).toBe('123457000');
  });
});

describe('CSV', () => {
  it('writes one series with a header from the axis labels', () => {
    expect(plotToCsv(spectrum)).toBe('wavelength (nm),intensity\n450,10\n500,40\n550,20\n600,\n');
  });

  it('shares the x column when series share x values, and quotes fields', () => {
    const x = [0, 0.5];
    const csv = plotToCsv({
      series: [{ name: 'red', x, y: [1, 2], color: 'red' }, { name: 'say "hi", green', x: [0, 0.5], y: [3, 4], color: 'green' }],
      xLabel: 'distance (µm)', yLabel: 'value',
    });
    expect(csv).toBe('distance (µm),value (red),"value (say ""hi"", green)"\n0,1,3\n0.5,2,4\n');
  });

  it('gives each series its own columns when x differs, padding short ones', () => {
    const csv = plotToCsv({
      series: [{ name: 'a', x: [1, 2, 3], y: [4, 5, 6], color: '' }, { name: 'b', x: [1.5], y: [7], color: '' }],
      xLabel: 'x', yLabel: 'y',
    });
    expect(csv).toBe('x (a),y (a),x (b),y (b)\n1,4,1.5,7\n2,5,,\n3,6,,\n');
  });

  it('keeps full precision and writes a header even without data', () => {
    expect(plotToCsv({ series: [{ name: '', x: [0.1 + 0.2], y: [1e-20], color: '' }], xLabel: 'x', yLabel: 'y' })).toBe('x,y\n0.30000000000000004,1e-20\n');
    expect(plotToCsv({ series: [], xLabel: 'x', yLabel: 'y' })).toBe('x,y\n');
  });
});
