import { expect, it } from 'vitest';
import { collectSnapshot, DEFAULT_CHOICES } from './collect-snapshot.ts';
import { previewSnapshot } from './preview.ts';
import { fixtureSource, SESSION_INDEX } from './test-fixture.ts';

it('counts the items of each part and its bytes; the JSON is the snapshot itself', async () => {
  const snap = await collectSnapshot(fixtureSource(), { ...DEFAULT_CHOICES, title: 'x', objectIndex: SESSION_INDEX }, 1);
  const p = previewSnapshot(snap);
  // Depth 4: 3 top-level + 2 + 2 + 7 nodes; the treemap adds its virtual root.
  expect(p.rows.map((r) => `${r.part} ${r.items}`)).toEqual([
    'summary 1',
    'histogram 10',
    'dominators 14',
    'treemap 15',
    'object 3',
    'suspects 3',
  ]);
  expect(JSON.parse(p.json)).toEqual(snap);
  expect(p.jsonBytes).toBe(new TextEncoder().encode(p.json).length);
  const parts = p.rows.reduce((n, r) => n + r.jsonBytes, 0);
  expect(parts).toBeLessThan(p.jsonBytes);
  expect(p.jsonBytes - parts).toBeLessThan(200); // keys, title and brackets only
  expect(p.rows.find((r) => r.part === 'histogram')!.jsonBytes).toBe(new TextEncoder().encode(JSON.stringify(snap.histogram)).length);
});
