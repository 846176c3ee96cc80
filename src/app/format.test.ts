import { describe, expect, it } from 'vitest';
import { countOf, exactBytes, formatBytes, formatCount, formatDuration, formatPercent } from './format.ts';

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(21339848)).toBe('21,339,848');
    expect(formatCount(-1234567)).toBe('-1,234,567');
    expect(formatCount(2 ** 53)).toBe('9,007,199,254,740,992');
  });
  it('rounds fractions and marks non-numbers', () => {
    expect(formatCount(1234.6)).toBe('1,235');
    expect(formatCount(NaN)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('uses binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KB');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(21339848)).toBe('20.4 MB');
    expect(formatBytes(150 * 1024 * 1024)).toBe('150 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.00 GB');
  });
  it('carries a rounded 1024 into the next unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.00 MB');
  });
  it('keeps the sign', () => {
    expect(formatBytes(-2048)).toBe('-2.00 KB');
  });
});

describe('formatPercent', () => {
  it('formats shares of a total', () => {
    expect(formatPercent(21339848, 26335624)).toBe('81%');
    expect(formatPercent(1, 3)).toBe('33.3%');
    expect(formatPercent(1, 200)).toBe('0.5%');
    expect(formatPercent(1, 100000)).toBe('<0.1%');
    expect(formatPercent(0, 10)).toBe('0%');
    expect(formatPercent(5, 0)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('formats seconds and minutes', () => {
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(65)).toBe('1 min 05 s');
  });
});

describe('countOf', () => {
  it('puts the noun in the number the count asks for', () => {
    expect(countOf(1, 'object')).toBe('1 object');
    expect(countOf(0, 'object')).toBe('0 objects');
    expect(countOf(21339, 'object')).toBe('21,339 objects');
    expect(countOf(2, 'child', 'children')).toBe('2 children');
    expect(exactBytes(21339848)).toBe('21,339,848 bytes');
    expect(exactBytes(1)).toBe('1 byte');
  });
});
