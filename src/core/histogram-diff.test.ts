import { describe, expect, it } from 'vitest';
import { compareHistograms, signed } from './histogram-diff.ts';

const row = (className: string, instances: number, shallowBytes: number) => ({ className, instances, shallowBytes });

describe('compareHistograms', () => {
  it('subtracts the baseline by class name, summing same-named classes, and counts what disappeared', () => {
    const current = [
      row('a.Grows', 150, 1500),
      row('a.Same', 10, 100),
      row('a.New', 3, 30),
      row('a.Twice', 2, 20),
      row('a.Twice', 5, 50),
      row('a.Empty', 0, 0),
    ];
    const baseline = [
      row('a.Grows', 100, 1000),
      row('a.Same', 10, 100),
      row('a.Twice', 4, 40),
      row('a.Gone', 7, 70),
      row('a.Gone', 1, 10),
      row('a.Empty', 2, 20),
    ];
    const c = compareHistograms(current, baseline);
    expect(Object.fromEntries(c.byName)).toEqual({
      'a.Grows': { instances: 50, shallowBytes: 500 },
      'a.Same': { instances: 0, shallowBytes: 0 },
      'a.New': { instances: 3, shallowBytes: 30 },
      'a.Twice': { instances: 3, shallowBytes: 30 },
    });
    // a.Gone (both rows) and a.Empty, which has no object left now.
    expect(c.gone).toEqual({ classes: 2, instances: 10, shallowBytes: 100 });
    expect(c.total).toEqual({ instances: 170 - 124, shallowBytes: 1700 - 1240 });
  });

  it('writes signed changes with a real minus sign', () => {
    const f = (n: number) => n.toLocaleString('en-US');
    expect(signed(1234, f)).toBe('+1,234');
    expect(signed(-56, f)).toBe('\u221256');
    expect(signed(0, f)).toBe('0');
  });
});
