import { describe, expect, it } from 'vitest';
import { parseSize } from './parse-size.ts';

describe('a size typed in the instance filter', () => {
  it('reads bytes and binary units', () => {
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize(' 1.5 MB ')).toBe(1572864);
    expect(parseSize('64kb')).toBe(65536);
    expect(parseSize('2 GB')).toBe(2 * 1024 ** 3);
    expect(parseSize('12 B')).toBe(12);
  });
  it('refuses anything else', () => {
    for (const t of ['', 'x', '-1', '1 TB', '1e3', 'MB']) expect(parseSize(t)).toBeNull();
  });
});
