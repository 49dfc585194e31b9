import { describe, expect, it } from 'vitest';
import { DEFAULT_MAPPING, mapPlane, roundToIndex, valueToIndex, valueToUnit, type DisplayMapping } from '../../../app/lut/display-mapping.js';
import { roundHalfEven } from '../../../app/lut/value-to-unit.js';
import { indexSteps } from '../../../app/lut/index-steps.js';
import { addSaturated } from '../../../app/lut/rgba-words.js';

const lin = (min: number, max: number, extra: Partial<DisplayMapping> = {}): DisplayMapping => ({ ...DEFAULT_MAPPING, min, max, ...extra });

/** A table whose entry i is (i, 255-i, i/2): every index is recognisable from the red channel. */
const ramp = new Uint8Array(768).map((_, j) => (j % 3 === 0 ? j / 3 : j % 3 === 1 ? 255 - (j - 1) / 3 : ((j - 2) / 3) >> 1));

function indexOfEachVoxel(values: number[], m: DisplayMapping): number[] {
  const src = Float32Array.from(values);
  const out = new Uint8Array(4 * src.length);
  mapPlane(src, src.length, m, ramp, out, 'replace');
  return values.map((_, i) => out[4 * i]);
}

describe('valueToUnit', () => {
  it('is linear and clamped between min and max', () => {
    const m = lin(100, 200);
    expect(valueToUnit(100, m)).toBe(0);
    expect(valueToUnit(150, m)).toBe(0.5);
    expect(valueToUnit(200, m)).toBe(1);
    expect(valueToUnit(-1e30, m)).toBe(0);
    expect(valueToUnit(1e30, m)).toBe(1);
    expect(valueToUnit(Infinity, m)).toBe(1);
    expect(valueToUnit(-Infinity, m)).toBe(0);
  });

  it('passes NaN through', () => {
    expect(valueToUnit(NaN, lin(0, 1))).toBeNaN();
    expect(valueToUnit(NaN, lin(5, 5))).toBeNaN();
  });

  it('treats an empty window as a step at max', () => {
    expect(valueToUnit(4.9, lin(5, 5))).toBe(0);
    expect(valueToUnit(5, lin(5, 5))).toBe(1);
    expect(valueToUnit(3, lin(5, 2))).toBe(1); // max < min: v >= max
    expect(valueToUnit(1, lin(5, 2))).toBe(0);
    expect(valueToUnit(5, lin(5, 5, { invert: true }))).toBe(0);
  });

  it('applies gamma to the fraction', () => {
    expect(valueToUnit(25, lin(0, 100, { gamma: 0.5 }))).toBe(0.5);
    expect(valueToUnit(50, lin(0, 100, { gamma: 2 }))).toBe(0.25);
    expect(valueToUnit(0, lin(0, 100, { gamma: 0.5 }))).toBe(0);
    expect(valueToUnit(100, lin(0, 100, { gamma: 3 }))).toBe(1);
    // Nonsense gammas mean linear rather than a black or white screen.
    expect(valueToUnit(50, lin(0, 100, { gamma: 0 }))).toBe(0.5);
    expect(valueToUnit(50, lin(0, 100, { gamma: NaN }))).toBe(0.5);
  });

  it('log: decades between min and max, or six decades below max when min <= 0', () => {
    const m = lin(1, 1000, { log: true });
    expect(valueToUnit(1, m)).toBe(0);
    expect(valueToUnit(10, m)).toBeCloseTo(1 / 3, 15);
    expect(valueToUnit(100, m)).toBeCloseTo(2 / 3, 15);
    expect(valueToUnit(1000, m)).toBe(1);
    expect(valueToUnit(0.5, m)).toBe(0);
    const z = lin(0, 100, { log: true }); // floor 1e-4, six decades
    expect(valueToUnit(1e-4, z)).toBe(0);
    expect(valueToUnit(1e-5, z)).toBe(0);
    expect(valueToUnit(-3, z)).toBe(0);
    expect(valueToUnit(1e-1, z)).toBeCloseTo(0.5, 15);
    expect(valueToUnit(100, z)).toBe(1);
    // A log window entirely at or below zero has nothing to take a log of: a step at max.
    expect(valueToUnit(-1, lin(-10, -1, { log: true }))).toBe(1);
    expect(valueToUnit(-2, lin(-10, -1, { log: true }))).toBe(0);
  });

  it('inverts last, after gamma', () => {
    expect(valueToUnit(25, lin(0, 100, { gamma: 0.5, invert: true }))).toBe(0.5);
    expect(valueToUnit(0, lin(0, 100, { invert: true }))).toBe(1);
    expect(valueToUnit(75, lin(0, 100, { invert: true }))).toBe(0.25);
  });
});

describe('mapPlane', () => {
  it('writes table colours with opaque alpha; index = round(t * 255)', () => {
    const src = Float32Array.from([0, 255, 127.5, 127.49, 1000]);
    const out = new Uint8Array(20).fill(9);
    mapPlane(src, 5, lin(0, 255), ramp, out, 'replace');
    expect(Array.from(out)).toEqual([0, 255, 0, 255, 255, 0, 127, 255, 128, 127, 64, 255, 127, 128, 63, 255, 255, 0, 127, 255]);
  });

  it('uses the boundaries exactly: min -> first entry, max -> last entry', () => {
    expect(indexOfEachVoxel([-5, 10, 20, 30], lin(10, 20))).toEqual([0, 0, 255, 255]);
    expect(indexOfEachVoxel([10, 20], lin(10, 20, { invert: true }))).toEqual([255, 0]);
    expect(indexOfEachVoxel([10, 20], lin(10, 20, { gamma: 2.2 }))).toEqual([0, 255]);
    expect(indexOfEachVoxel([10, 20], lin(10, 20, { log: true }))).toEqual([0, 255]);
    expect(indexOfEachVoxel([9.99, 10, 10.01], lin(10, 10))).toEqual([0, 255, 255]);
  });

  it('gamma and log give the same indices as valueToUnit', () => {
    expect(indexOfEachVoxel([25, 50], lin(0, 100, { gamma: 0.5 }))).toEqual([128, 180]); // 0.5, 0.7071
    expect(indexOfEachVoxel([10, 100, 0], lin(1, 1000, { log: true }))).toEqual([85, 170, 0]);
  });

  it('paints NaN and the ignore value opaque black in replace mode', () => {
    const src = Float32Array.from([NaN, -9999, 0.1, 5]);
    const out = new Uint8Array(16).fill(7);
    // 0.1 is not a float32: the ignore value is compared as the float32 the plane holds.
    mapPlane(src, 4, lin(0, 10), ramp, out, 'replace', 0.1);
    expect(Array.from(out.subarray(0, 12))).toEqual([0, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 255]);
    expect(out[12]).toBe(128);
    mapPlane(src, 4, lin(0, 10, { gamma: 2 }), ramp, out.fill(7), 'replace', -9999);
    expect(Array.from(out.subarray(0, 8))).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
  });

  it('adds colours saturating at 255 in add mode, adding nothing for NaN and leaving alpha', () => {
    const red = new Uint8Array(768).map((_, j) => (j % 3 === 0 ? j / 3 : 0));
    const src = Float32Array.from([255, 100, NaN, 7]);
    const out = Uint8Array.from([200, 1, 2, 3, 100, 1, 2, 3, 50, 60, 70, 80, 0, 0, 0, 0]);
    mapPlane(src, 4, lin(0, 255), red, out, 'add', 7);
    expect(Array.from(out)).toEqual([255, 1, 2, 3, 200, 1, 2, 3, 50, 60, 70, 80, 0, 0, 0, 0]);
    const clamped = Uint8ClampedArray.from([250, 0, 0, 0]);
    mapPlane(Float32Array.from([10]), 1, lin(0, 255, { log: true }), red, clamped, 'add');
    expect(clamped[0]).toBe(255);
  });

  it('maps only the first n voxels and checks its buffers', () => {
    const out = new Uint8Array(8).fill(1);
    mapPlane(Float32Array.from([1, 1]), 1, lin(0, 1), ramp, out, 'replace');
    expect(Array.from(out)).toEqual([255, 0, 127, 255, 1, 1, 1, 1]);
    expect(() => mapPlane(new Float32Array(4), 4, lin(0, 1), ramp, new Uint8Array(15), 'replace')).toThrow(/16 needed/);
    expect(() => mapPlane(new Float32Array(4), 5, lin(0, 1), ramp, new Uint8Array(20), 'replace')).toThrow(/n = 5/);
    expect(() => mapPlane(new Float32Array(4), 4, lin(0, 1), new Uint8Array(3), new Uint8Array(16), 'replace')).toThrow(/768/);
  });

  it('agrees with valueToUnit on every voxel for random windows, gamma, log and invert', () => {
    let seed = 12345;
    const rand = (): number => { // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const src = new Float32Array(20000);
    for (let trial = 0; trial < 60; trial++) {
      const scale = 10 ** Math.floor(rand() * 12 - 6);
      const a = (rand() - 0.3) * scale;
      const b = a + rand() * scale;
      const m: DisplayMapping = {
        min: a, max: b,
        gamma: trial % 3 === 0 ? 1 : 0.1 + rand() * 4,
        log: trial % 4 === 1, invert: trial % 2 === 0,
      };
      for (let i = 0; i < src.length; i++) {
        // Mostly inside the window, some outside, some exactly on the window edges and on float32 neighbours.
        const r = rand();
        src[i] = r < 0.05 ? a : r < 0.1 ? b : a + (rand() * 1.4 - 0.2) * (b - a);
      }
      for (let i = 0; i < 200; i++) src[i] = Math.fround(a) * (1 + (i - 100) * 2 ** -23);
      const out = new Uint8Array(4 * src.length);
      mapPlane(src, src.length, m, ramp, out, 'replace');
      for (let i = 0; i < src.length; i++) {
        const expected = valueToIndex(src[i], m);
        if (out[4 * i] !== expected) throw new Error(`trial ${trial} ${JSON.stringify(m)}: v=${src[i]} gave ${out[4 * i]}, expected ${expected}`);
      }
    }
  });
});

describe('mapPlane internals', () => {
  it('rounds half to even (as numpy) on and around every .5 and integer in 0..255', () => {
    const f64 = new Float64Array(1);
    const u64 = new BigUint64Array(f64.buffer);
    for (let k = 0; k <= 255; k++) {
      for (const base of [k, k + 0.5]) {
        f64[0] = base;
        const b0 = u64[0];
        for (let d = -50n; d <= 50n; d++) {
          if (base === 0 && d < 0n) continue;
          u64[0] = b0 + d;
          const x = f64[0];
          if (x > 255) continue;
          if (roundToIndex(x) !== roundHalfEven(x)) throw new Error(`roundToIndex(${x}) = ${roundToIndex(x)}, roundHalfEven gives ${roundHalfEven(x)}`);
        }
      }
    }
    expect(roundToIndex(0.49999999999999994)).toBe(0);
    expect(roundToIndex(0.5)).toBe(0);
    expect(roundToIndex(1.5)).toBe(2);
    expect(roundToIndex(2.5)).toBe(2);
    expect(roundToIndex(254.5)).toBe(254);
    expect(roundToIndex(2.5000000000000004)).toBe(3);
    expect([0.5, 1.5, 2.5, 3.5, 254.5].map(roundHalfEven)).toEqual([0, 2, 2, 4, 254]);
  });

  it('adds four bytes at once, saturating each at 255', () => {
    const bytes = [0, 1, 2, 127, 128, 129, 200, 254, 255];
    for (const a of bytes) for (const b of bytes) {
      const wa = (a | (b << 8) | (a << 16) | (b << 24)) >>> 0;
      const wb = (b | (a << 8) | (a << 16) | (255 << 24)) >>> 0;
      const sum = addSaturated(wa, wb);
      const want = [Math.min(255, a + b), Math.min(255, b + a), Math.min(255, 2 * a), Math.min(255, b + 255)];
      expect([sum & 255, (sum >>> 8) & 255, (sum >>> 16) & 255, sum >>> 24]).toEqual(want);
    }
  });

  it('gives the same result into an output that is not word-aligned', () => {
    const src = Float32Array.from([0, 3, NaN, 9, 10]);
    const aligned = new Uint8Array(20).fill(50);
    const shifted = new Uint8Array(21).fill(50).subarray(1);
    for (const [mode, m] of [['replace', lin(0, 10)], ['add', lin(0, 10, { gamma: 2 })]] as const) {
      mapPlane(src, 5, m, ramp, aligned, mode);
      mapPlane(src, 5, m, ramp, shifted, mode);
      expect(Array.from(shifted)).toEqual(Array.from(aligned));
    }
  });

  it('places each gamma/log step at exactly the first float32 whose index changes', () => {
    const below = (f: number): number => {
      const a = new Float32Array([f]);
      const b = new Int32Array(a.buffer);
      b[0] += f > 0 ? -1 : f < 0 ? 1 : 0;
      return f === 0 ? -1.4e-45 : a[0];
    };
    for (const m of [lin(0, 4095, { gamma: 0.45 }), lin(-3, 7, { gamma: 3 }), lin(0, 65535, { log: true }), lin(2, 900, { log: true, invert: true, gamma: 1.7 })]) {
      const steps = indexSteps(m);
      const values: number[] = [];
      for (let k = 1; k < 256; k++) {
        const f = new Int32Array([steps.startKeys[k] ^ ((steps.startKeys[k] >> 31) & 0x7fffffff)]);
        const v = new Float32Array(f.buffer)[0];
        values.push(v, below(v));
      }
      const src = Float32Array.from(values);
      const out = new Uint8Array(4 * src.length);
      mapPlane(src, src.length, m, ramp, out, 'replace');
      for (let i = 0; i < src.length; i++) expect(out[4 * i]).toBe(valueToIndex(src[i], m));
      // And the step really is there: the float32 just below has a different index.
      for (let i = 0; i < src.length; i += 2) expect(out[4 * i]).not.toBe(out[4 * i + 4]);
    }
  });
});
