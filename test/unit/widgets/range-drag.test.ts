import { describe, expect, it } from 'vitest';
import { dragRange, hoverGrip, jumpRange, minimumGap, nudgeRange, pressGrip, widenRange } from '../../../renderer/widgets/logic/range-drag.js';
import { linearScale, toValue } from '../../../renderer/widgets/logic/scale.js';

describe('display range handles', () => {
  it('grabs the nearer handle within tolerance, the window between, and jumps from outside', () => {
    expect(pressGrip(103, 100, 200, 5)).toBe('min');
    expect(pressGrip(196, 100, 200, 5)).toBe('max');
    expect(pressGrip(150, 100, 200, 5)).toBe('window');
    expect(pressGrip(20, 100, 200, 5)).toBe('min');
    expect(pressGrip(300, 100, 200, 5)).toBe('max');
  });

  it('prefers the nearer handle when both are within tolerance', () => {
    expect(pressGrip(101, 100, 104, 5)).toBe('min');
    expect(pressGrip(103, 100, 104, 5)).toBe('max');
  });

  it('lets coincident handles be pulled apart on either side', () => {
    expect(pressGrip(102, 100, 100, 5)).toBe('max');
    expect(pressGrip(98, 100, 100, 5)).toBe('min');
    expect(pressGrip(100, 100, 100, 5)).toBe('max');
  });

  it('shows a grip on hover only where a press would not jump', () => {
    expect(hoverGrip(20, 100, 200, 5)).toBeNull();
    expect(hoverGrip(99, 100, 200, 5)).toBe('min');
    expect(hoverGrip(150, 100, 200, 5)).toBe('window');
  });

  it('drags a handle by the pointer offset, never past the other', () => {
    const start = { min: 10, max: 20 };
    expect(dragRange({ grip: 'min', startValue: 10, start }, 4, 0.5)).toEqual({ min: 4, max: 20 });
    expect(dragRange({ grip: 'min', startValue: 10, start }, 25, 0.5)).toEqual({ min: 19.5, max: 20 });
    expect(dragRange({ grip: 'max', startValue: 20, start }, 35, 0.5)).toEqual({ min: 10, max: 35 });
    expect(dragRange({ grip: 'max', startValue: 20, start }, 0, 0.5)).toEqual({ min: 10, max: 10.5 });
  });

  it('does not jump a handle grabbed a little off its line', () => {
    const drag = { grip: 'max' as const, startValue: 21, start: { min: 10, max: 20 } };
    expect(dragRange(drag, 21, 0.5)).toEqual({ min: 10, max: 20 });
    expect(dragRange(drag, 23, 0.5)).toEqual({ min: 10, max: 22 });
  });

  it('jumps the nearer handle to a press outside the window', () => {
    expect(jumpRange({ min: 10, max: 20 }, 'min', 2, 0.5)).toEqual({ min: 2, max: 20 });
    expect(jumpRange({ min: 10, max: 20 }, 'max', 30, 0.5)).toEqual({ min: 10, max: 30 });
    expect(jumpRange({ min: 10, max: 20 }, 'max', 5, 0.5)).toEqual({ min: 10, max: 10.5 });
  });

  it('moves the window by the pointer offset (window/level), also beyond the data', () => {
    const xs = linearScale(0, 100, 0, 200);
    const drag = { grip: 'window' as const, startValue: toValue(xs, 60), start: { min: 20, max: 40 } };
    expect(dragRange(drag, toValue(xs, 80), 0.1)).toEqual({ min: 30, max: 50 });
    expect(dragRange(drag, toValue(xs, -40), 0.1)).toEqual({ min: -30, max: -10 });
  });

  it('nudges with the keyboard and widens about the centre', () => {
    expect(nudgeRange({ min: 0, max: 10 }, 'min', 1, 0.1)).toEqual({ min: 1, max: 10 });
    expect(nudgeRange({ min: 0, max: 10 }, 'max', -20, 0.1)).toEqual({ min: 0, max: 0.1 });
    expect(nudgeRange({ min: 0, max: 10 }, 'window', -2, 0.1)).toEqual({ min: -2, max: 8 });
    expect(widenRange({ min: 0, max: 10 }, 1, 0.1)).toEqual({ min: -1, max: 11 });
    expect(widenRange({ min: 0, max: 10 }, -10, 0.1)).toEqual({ min: 4.95, max: 5.05 });
  });

  it('keeps a gap that is small but never zero', () => {
    expect(minimumGap(1000)).toBeCloseTo(1e-3, 12);
    expect(minimumGap(0)).toBeGreaterThan(0);
  });
});
