// Past a hard limit the user gets a LimitExceededError naming it, never a bare RangeError: the runtime's own
// RangeErrors (allocation refused, string or stack too big) are mapped, and every other error is left alone.

import { describe, expect, it } from 'vitest';
import { computeDominators } from './dominators/index.ts';
import { LimitExceededError, limitErrorFrom } from './errors.ts';

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('limit errors', () => {
  it("maps the runtime's RangeErrors to a LimitExceededError naming the limit", () => {
    const cases: [unknown, string][] = [
      [caught(() => new ArrayBuffer(2 ** 53)), 'memory'],
      [caught(() => 'x'.repeat(2 ** 30)), 'string'],
      [
        caught(() => {
          const deep = (n: number): number => deep(n + 1) + 1;
          return deep(0);
        }),
        'stack',
      ],
      [new RangeError('Map maximum size exceeded'), 'collection'],
    ];
    for (const [e, limit] of cases) {
      expect(e).toBeInstanceOf(RangeError);
      const mapped = limitErrorFrom(e);
      expect(mapped, String(e)).toBeInstanceOf(LimitExceededError);
      expect(mapped).toMatchObject({ code: 'LIMIT_EXCEEDED', limit });
      expect(mapped!.message).toContain((e as Error).message);
    }
  });

  it('leaves other errors alone: a bad argument is a bug, not a limit', () => {
    expect(limitErrorFrom(new RangeError('dominators: bad nodeCount 0'))).toBeNull();
    expect(limitErrorFrom(new TypeError('x is undefined'))).toBeNull();
  });

  it("the dominator step's own limits are LimitExceededErrors", () => {
    const nodes = 1000;
    const succStart = new Uint32Array(nodes + 1);
    const succ = new Uint32Array(nodes - 1);
    for (let v = 0; v < nodes; v++) succStart[v + 1] = succStart[v] + (v + 1 < nodes ? 1 : 0);
    for (let v = 0; v + 1 < nodes; v++) succ[v] = v + 1;
    const g = { nodeCount: nodes, root: 0, succStart, succ };
    const e = caught(() => computeDominators(g, undefined, { maxEntries: 2 * nodes }));
    expect(e).toBeInstanceOf(LimitExceededError);
    expect(e).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'dominators' });
  });
});
