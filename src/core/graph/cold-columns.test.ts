import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../dominators/random-graph.test-util.ts';
import { packColumn, parkColumns, unpackColumn, unparkColumns, type IntColumn } from './cold-columns.ts';

function roundTrip(column: IntColumn, delta: boolean): { back: IntColumn; bytes: number } {
  const packed = packColumn(column, delta);
  return { back: unpackColumn(packed), bytes: packed.bytes.length };
}

describe('packed cold columns', () => {
  const rand = mulberry32(17);
  const shapes: Array<[string, IntColumn]> = [
    ['empty', new Uint32Array(0)],
    ['all zero', new Uint32Array(1000)],
    ['extremes', Uint32Array.from([0, 0xffffffff, 0, 0xfffffffe, 1, 0x80000000, 0x7fffffff, 0, 0])],
    ['signed extremes', Int32Array.from([-1, -2, 2 ** 31 - 1, -(2 ** 31), 0, -1, -1, 0])],
    ['ordinals in runs', Int32Array.from({ length: 5000 }, (_, i) => (i < 3 ? -2 - i : ((i * 7) % 5000) + (i % 3)))],
    ['random', Uint32Array.from({ length: 5000 }, () => Math.floor(rand() * 2 ** 32))],
    ['sparse', Uint32Array.from({ length: 5000 }, () => (rand() < 0.01 ? Math.floor(rand() * 300) : 0))],
    ['climbing with a 2^32 wrap', Uint32Array.from({ length: 3000 }, (_, i) => (4294960000 + i * 53) % 2 ** 32)],
  ];
  for (const [name, column] of shapes) {
    it(`${name}: the same entries back, as values and as differences`, () => {
      for (const delta of [false, true]) {
        const { back } = roundTrip(column, delta);
        expect(back.constructor).toBe(column.constructor);
        expect(Array.from(back)).toEqual(Array.from(column));
      }
    });
  }

  it('ordinals counting up and sparse masks take a few bytes in all, offsets two per entry', () => {
    const ordinals = Int32Array.from({ length: 100_000 }, (_, i) => i + 40);
    expect(roundTrip(ordinals, true).bytes).toBeLessThanOrEqual(8);
    const masks = new Uint32Array(100_000);
    for (let i = 0; i < 100; i++) masks[i * 997] = 1 << (i % 12);
    expect(roundTrip(masks, false).bytes).toBeLessThan(500);
    const offsets = Uint32Array.from({ length: 100_000 }, (_, i) => 16 + i * 45 + (i % 5) * 2);
    expect(roundTrip(offsets, true).bytes).toBeLessThanOrEqual(200_001);
  });

  it('parks and unparks named columns of a holder, releasing the originals', () => {
    const holder = { a: Uint32Array.from([5, 0, 0, 7]), b: Int32Array.from([-3, -2, 10, 11]) };
    const a = holder.a;
    const parked = parkColumns(holder, ['a', 'b'], new Set(['b'] as const));
    expect(holder.a.length).toBe(0);
    expect(holder.b.length).toBe(0);
    expect(parked.columnBytes).toBe(32);
    expect(parked.packedBytes).toBeGreaterThan(0);
    unparkColumns(holder, parked);
    expect(Array.from(holder.a)).toEqual([5, 0, 0, 7]);
    expect(Array.from(holder.b)).toEqual([-3, -2, 10, 11]);
    expect(holder.b).toBeInstanceOf(Int32Array);
    expect(a.length).toBe(0);
  });
});
