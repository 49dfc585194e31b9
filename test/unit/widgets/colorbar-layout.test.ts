import { describe, expect, it } from 'vitest';
import { colorbarLayout, fitText, type ColorbarBox } from '../../../renderer/widgets/logic/colorbar-layout.js';

const measure = (s: string): number => s.length * 6;
const box = (over: Partial<ColorbarBox>): ColorbarBox => ({
  x: 0, y: 0, width: 80, height: 300, orientation: 'vertical', min: 0, max: 100, label: 'µm', fontPx: 10, measure, ...over,
});

describe('colorbar layout', () => {
  it('puts max at the top of a vertical bar, with the label above it', () => {
    const l = colorbarLayout(box({}));
    expect(l.label).toMatchObject({ text: 'µm' });
    expect(l.label!.y).toBeLessThan(l.bar.y);
    const top = l.ticks[l.ticks.length - 1];
    expect(top.value).toBe(100);
    expect(top.at).toBeCloseTo(l.bar.y, 9);
    expect(l.ticks[0]).toMatchObject({ value: 0, text: '0' });
    expect(l.ticks[0].at).toBeCloseTo(l.bar.y + l.bar.height, 9);
    expect(l.tickTextAt).toBeGreaterThan(l.bar.x + l.bar.width);
  });

  it('puts min on the left of a horizontal bar, labels below, not overlapping', () => {
    const l = colorbarLayout(box({ width: 200, height: 60, orientation: 'horizontal', min: 0, max: 65535, label: 'counts' }));
    expect(l.ticks.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < l.ticks.length; i++) {
      const gap = l.ticks[i].at - l.ticks[i - 1].at;
      expect(gap).toBeGreaterThanOrEqual((measure(l.ticks[i].text) + measure(l.ticks[i - 1].text)) / 2);
    }
    expect(l.label!.y).toBeGreaterThan(l.tickTextAt);
    expect(l.bar.x).toBeGreaterThan(0);
    expect(l.bar.x + l.bar.width).toBeLessThan(200);
  });

  it('has no label when none is given and no ticks when there is no room', () => {
    expect(colorbarLayout(box({ label: '  ' })).label).toBeNull();
    expect(colorbarLayout(box({ orientation: 'horizontal', width: 20, height: 30, max: 123456 })).ticks).toEqual([]);
  });

  it('follows a reversed range', () => {
    const l = colorbarLayout(box({ min: 10, max: 0 }));
    const ten = l.ticks.find((t) => t.value === 10)!;
    expect(ten.at).toBeCloseTo(l.bar.y + l.bar.height, 9);
  });
});

describe('fitText', () => {
  it('keeps a text that fits and cuts a long one with an ellipsis', () => {
    expect(fitText('GFP', 60, measure)).toBe('GFP');
    expect(fitText('Alexa Fluor 488 phalloidin', 60, measure)).toBe('Alexa Flu…');
    expect(measure(fitText('Alexa Fluor 488 phalloidin', 60, measure))).toBeLessThanOrEqual(60);
    // No dangling space before the ellipsis.
    expect(fitText('ab cdef', 24, measure)).toBe('ab…');
    expect(fitText('abc', 3, measure)).toBe('');
  });

  it('cuts a vertical bar label to the box width', () => {
    const l = colorbarLayout({ x: 0, y: 0, width: 60, height: 200, orientation: 'vertical', min: 0, max: 1, label: 'a very long channel name', fontPx: 10, measure });
    expect(l.label!.text.endsWith('…')).toBe(true);
    expect(measure(l.label!.text)).toBeLessThanOrEqual(60);
  });
});
