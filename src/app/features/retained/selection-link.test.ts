import { describe, expect, it } from 'vitest';
import type { Selection } from '../../../core/api.ts';
import { parseSelection } from './selection-link.ts';

describe('a selection in a link', () => {
  it('reads back every kind as written', () => {
    const all: Selection[] = [
      { kind: 'objects', indices: [3, 7] },
      { kind: 'class', classIndex: 4 },
      { kind: 'class', classIndex: 4, minRetainedBytes: 1024, largest: 10 },
      { kind: 'held-by', classIndex: 2, holderClassIndex: -1, side: 'held' },
      { kind: 'held-by', classIndex: 2, holderClassIndex: 9, side: 'holders', skip: '' },
      { kind: 'merged-path', classIndex: 2, node: 0, excludeWeak: false },
    ];
    for (const s of all) expect(parseSelection(JSON.stringify(s))).toEqual(s);
  });
  it('refuses what is not a selection', () => {
    for (const text of [
      undefined,
      '',
      'x',
      '[]',
      'null',
      '{"kind":"objects","indices":[]}',
      '{"kind":"objects","indices":[-1]}',
      '{"kind":"class","classIndex":1.5}',
      '{"kind":"held-by","classIndex":1,"holderClassIndex":-2,"side":"held"}',
      '{"kind":"merged-path","classIndex":1}',
      '{"kind":"other"}',
    ]) {
      expect(parseSelection(text)).toBeNull();
    }
  });
});
