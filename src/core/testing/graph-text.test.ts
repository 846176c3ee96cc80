import { describe, expect, it } from 'vitest';
import { fromEdgeList, parseGraph, formatIdoms } from './graph-text.ts';
import { NO_NODE } from '../dominators/types.ts';

describe('graph-text', () => {
  it('numbers nodes by first appearance and accumulates repeated sources', () => {
    const g = parseGraph(`
      # comment line
      root -> a b   # trailing comment
      a -> b
      root -> c
      lonely
    `);
    expect(g.names).toEqual(['root', 'a', 'b', 'c', 'lonely']);
    expect(g.root).toBe(0);
    expect(Array.from(g.succStart)).toEqual([0, 3, 4, 4, 4, 4]);
    expect(Array.from(g.succ)).toEqual([1, 2, 3, 2]);
    expect(g.indexOf('c')).toBe(3);
    expect(g.indexOf('nope')).toBe(-1);
  });

  it('lets the root be any node', () => {
    const g = parseGraph('x -> root\nroot -> x');
    expect(g.root).toBe(1);
  });

  it('rejects text without a root or with two sources on a line', () => {
    expect(() => parseGraph('a -> b')).toThrow(/root/);
    expect(() => parseGraph('root a -> b')).toThrow(/one source/);
  });

  it('builds CSR from an edge list in list order', () => {
    const g = fromEdgeList(3, 2, [
      [2, 0],
      [0, 1],
      [2, 1],
    ]);
    expect(Array.from(g.succStart)).toEqual([0, 1, 1, 3]);
    expect(Array.from(g.succ)).toEqual([1, 0, 1]);
  });

  it('formats a dominator tree as sorted lines', () => {
    const idom = Uint32Array.from([0, 0, 1, NO_NODE]);
    const text = formatIdoms({ idom, preorder: Uint32Array.from([0, 1, 2]), idomByPre: Uint32Array.from([0, 0, 1]), reachableCount: 3 }, [
      'root',
      'a',
      'b',
      'z',
    ]);
    expect(text).toBe('a <- root\nb <- a\nz unreachable');
  });
});
