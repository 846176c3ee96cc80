import { describe, expect, it } from 'vitest';
import { growthBackground, growthShare } from './growth-colour.ts';

describe('growthShare', () => {
  it('is the new share of a grown box, the lost share of a shrunk one, null when not compared', () => {
    expect(growthShare({ index: 1, baseline: 100, current: 400 })).toBe(0.75);
    expect(growthShare({ index: 1, baseline: 400, current: 100 })).toBe(-0.75);
    expect(growthShare({ index: 1, baseline: 0, current: 50 })).toBe(1);
    expect(growthShare({ index: 1, baseline: 70, current: 70 })).toBe(0);
    expect(growthShare(undefined)).toBeNull();
  });

  it('colours growth red, shrinking blue, no change grey', () => {
    expect(growthBackground(1)).toBe('hsl(0 80% 50%)');
    expect(growthBackground(-1)).toBe('hsl(215 80% 50%)');
    expect(growthBackground(0)).toBe('hsl(0 0% 88%)');
    expect(growthBackground(null)).toBe('var(--bg-2)');
  });
});
