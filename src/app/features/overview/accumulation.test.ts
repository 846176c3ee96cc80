import { describe, expect, it } from 'vitest';
import type { ObjectRow } from '../../../core/api.ts';
import { accumulationPath, type ChildrenQuery } from './accumulation.ts';

function obj(index: number, className: string, retainedBytes: number, dominatedCount: number): ObjectRow {
  return { index, address: '0x' + index.toString(16), className, shallowBytes: 16, retainedBytes, dominatedCount };
}

// class Cache (1000) -> HashMap (950) -> HashMap$Node[] (940) -> 200 nodes of ~4.7 each
const tree = new Map<number, ObjectRow[]>([
  [1, [obj(2, 'java.util.HashMap', 950, 1), obj(9, 'java.lang.String', 30, 0)]],
  [2, [obj(3, 'java.util.HashMap$Node[]', 940, 200)]],
  [3, Array.from({ length: 200 }, (_, i) => obj(100 + i, 'java.util.HashMap$Node', 5, 1))],
]);
const children: ChildrenQuery = async (parent, offset, limit) => {
  const all = tree.get(parent) ?? [];
  return { offset, total: all.length, items: all.slice(offset, offset + limit) };
};

describe('accumulationPath', () => {
  it('descends while one child holds most of its parent, and stops at the container of many', async () => {
    const path = await accumulationPath(obj(1, 'java.lang.Class', 1000, 2), children);
    expect(path.map((r) => r.className)).toEqual(['java.lang.Class', 'java.util.HashMap', 'java.util.HashMap$Node[]']);
  });
  it('stays at the start when no child dominates', async () => {
    const path = await accumulationPath(obj(3, 'java.util.HashMap$Node[]', 940, 200), children);
    expect(path).toHaveLength(1);
  });
  it('does not query leaves', async () => {
    let calls = 0;
    const counting: ChildrenQuery = async (...a) => {
      calls++;
      return children(...a);
    };
    await accumulationPath(obj(9, 'java.lang.String', 30, 0), counting);
    expect(calls).toBe(0);
  });
});
