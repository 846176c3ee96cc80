import { describe, expect, it } from 'vitest';
import { sortByRetainedDesc } from './sort-by-retained.ts';

describe('sortByRetainedDesc', () => {
  it('matches a comparator sort on large inputs with ties and sizes above 2^32', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 0x80000000;
      return seed / 0x80000000;
    };
    const n = 20000;
    const retained = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = rand();
      retained[i] = r < 0.3 ? 16 : r < 0.6 ? Math.floor(rand() * 1000) * 8 : Math.floor(rand() * 2 ** 40) * 8;
    }
    retained[5] = 2 ** 52;
    retained[6] = 0;
    const indices = Uint32Array.from({ length: n }, (_, i) => i);
    const expected = Array.from(indices).sort((a, b) => retained[b] - retained[a] || a - b);
    sortByRetainedDesc(indices, retained);
    expect(Array.from(indices)).toEqual(expected);
  });

  it('sorts a small slice of a larger column', () => {
    const retained = Float64Array.from([5, 9, 9, 1, 7]);
    const slice = Uint32Array.from([0, 2, 3, 4, 1]).subarray(1, 5);
    sortByRetainedDesc(slice, retained);
    expect(Array.from(slice)).toEqual([1, 2, 4, 3]);
  });
});
