import { describe, expect, it } from 'vitest';
import { describeProgress, overallFraction } from './progress.ts';

describe('overallFraction', () => {
  it('weights phases so that the bar only moves forward', () => {
    const steps = [
      overallFraction({ phase: 'read', done: 0, total: 100 }),
      overallFraction({ phase: 'read', done: 50, total: 100 }),
      overallFraction({ phase: 'read', done: 100, total: 100 }),
      overallFraction({ phase: 'index', done: 0, total: 10 }),
      overallFraction({ phase: 'dominators', done: 5, total: 10 }),
      overallFraction({ phase: 'histogram', done: 10, total: 10 }),
    ];
    expect(steps[0]).toBe(0);
    expect(steps[1]).toBeCloseTo(0.3);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1]);
    expect(steps[steps.length - 1]).toBeCloseTo(1);
  });
  it('treats a zero total as not started and clamps overshoot', () => {
    expect(overallFraction({ phase: 'index', done: 0, total: 0 })).toBeCloseTo(0.6);
    expect(overallFraction({ phase: 'read', done: 200, total: 100 })).toBeCloseTo(0.6);
  });
});

describe('describeProgress', () => {
  it('reports read speed and time left from elapsed time', () => {
    const v = describeProgress({ phase: 'read', done: 30e6, total: 100e6 }, 0, 2000);
    expect(v.label).toBe('Reading dump');
    expect(v.phasePercent).toBeCloseTo(30);
    expect(v.readBytesPerSecond).toBeCloseTo(15e6);
    // 18% done in 2 s -> about 9.1 s left.
    expect(v.secondsLeft).toBeCloseTo((2 / 0.18) * 0.82);
  });
  it('gives no estimate at the very start', () => {
    const v = describeProgress({ phase: 'read', done: 1, total: 100e6 }, 0, 100);
    expect(v.secondsLeft).toBeUndefined();
    expect(v.readBytesPerSecond).toBeUndefined();
  });
  it('keeps the measured read speed after reading ends', () => {
    const v = describeProgress({ phase: 'dominators', done: 1, total: 2 }, 0, 5000, { bytes: 40e6, seconds: 2 });
    expect(v.readBytesPerSecond).toBe(20e6);
  });
});
