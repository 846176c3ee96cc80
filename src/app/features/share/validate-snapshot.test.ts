// The validator is the gate for untrusted links: it must accept what the app builds and reject everything else.
import { beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot, DEFAULT_CHOICES } from './collect-snapshot.ts';
import { ShareError } from './share-error.ts';
import type { ShareSnapshot } from './snapshot.ts';
import { fixtureSource, SESSION_INDEX } from './test-fixture.ts';
import { parseSnapshot, validateSnapshot } from './validate-snapshot.ts';

let good: ShareSnapshot;
beforeAll(async () => {
  good = await collectSnapshot(fixtureSource(), { ...DEFAULT_CHOICES, title: 'x.hprof', objectIndex: SESSION_INDEX }, 1_800_000_000_000);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case writes a snapshot no type admits
function reject(mutate: (s: any) => void): string {
  const copy = JSON.parse(JSON.stringify(good));
  mutate(copy);
  try {
    validateSnapshot(copy);
  } catch (e) {
    expect(e).toBeInstanceOf(ShareError);
    return `${(e as ShareError).code}: ${(e as Error).message}`;
  }
  return 'accepted';
}

describe('validateSnapshot', () => {
  it("keeps the sharer's view only when it is a known view the snapshot can show", async () => {
    const onObject = await collectSnapshot(
      fixtureSource(),
      { ...DEFAULT_CHOICES, title: 'x.hprof', objectIndex: SESSION_INDEX, view: 'object' },
      1_800_000_000_000,
    );
    expect(onObject.view).toBe('object');
    expect(validateSnapshot(JSON.parse(JSON.stringify(onObject))).view).toBe('object');
    // The object's page without the object, and the object view asked for without an object: no view.
    const { object: _dropped, ...noObject } = onObject;
    expect(validateSnapshot(JSON.parse(JSON.stringify(noObject))).view).toBeUndefined();
    const noObjectChosen = await collectSnapshot(fixtureSource(), { ...DEFAULT_CHOICES, title: 'x', objectIndex: null, view: 'object' }, 0);
    expect(noObjectChosen.view).toBeUndefined();
    // A route from the link is untrusted: unknown names, paths and non-strings open the overview.
    for (const view of ['histogram', 'dominators', 'treemap', 'threads', 'overview'])
      expect(validateSnapshot({ ...good, view }).view).toBe(view);
    for (const view of ['diff', 'roots', '../../x', 'javascript:alert(1)', 'histogram?q=x', 7, null, {}]) {
      expect(validateSnapshot({ ...good, view }).view).toBeUndefined();
    }
  });

  it('accepts what the app builds, unchanged', () => {
    expect(validateSnapshot(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(validateSnapshot({ v: 1, createdAt: 0, title: '' })).toEqual({ v: 1, createdAt: 0, title: '' });
  });

  it('reports a newer format by its version, before looking at anything else', () => {
    expect(reject((s) => (s.v = 2))).toBe('NEWER_VERSION: this link was made by a newer heapdrop (format v2)');
    expect(
      reject((s) => {
        s.v = 7;
        s.histogram = 'whatever v7 holds';
      }),
    ).toBe('NEWER_VERSION: this link was made by a newer heapdrop (format v7)');
    expect(reject((s) => (s.v = '1'))).toMatch(/^INVALID: .*snapshot\.v/);
    expect(reject((s) => delete s.v)).toMatch(/^INVALID/);
  });

  it('rejects wrong types, ranges and lengths, naming the path', () => {
    expect(reject((s) => (s.title = 42))).toBe('INVALID: invalid shared snapshot: snapshot.title is not a string');
    expect(reject((s) => (s.title = 'x'.repeat(201)))).toMatch(/snapshot\.title is longer than 200/);
    expect(reject((s) => (s.histogram[2].instances = -1))).toMatch(/snapshot\.histogram\[2\]\.instances is out of range/);
    expect(reject((s) => (s.histogram[0].shallowBytes = 1.5))).toMatch(/is not an integer/);
    expect(reject((s) => (s.histogram[0].shallowBytes = 1e300))).toMatch(/is not an integer|out of range/);
    expect(reject((s) => (s.histogram[0].className = 'x'.repeat(5000)))).toMatch(/longer than 4096/);
    expect(reject((s) => (s.histogram[0].classAddress = 'javascript:1'))).toMatch(/is not a hex address/);
    expect(reject((s) => (s.summary.idSize = 6))).toMatch(/idSize is neither 4 nor 8/);
    expect(reject((s) => (s.summary.warnings = [{}]))).toMatch(/warnings\[0\] is not a string/);
    expect(reject((s) => (s.dominators.nodes[0].rootTypes = 'Thread'))).toMatch(/rootTypes is not an array/);
    expect(reject((s) => (s.object.kind = 'script'))).toMatch(/not a known object kind/);
    expect(reject((s) => (s.treemap.children = {}))).toMatch(/children is not an array/);
    expect(reject((s) => (s.histogram = null))).toMatch(/histogram is not an array/);
    expect(reject((s) => (s.summary = []))).toMatch(/summary is not an object/);
    expect(reject((s) => (s.suspects.suspects[0].kind = 'leak'))).toMatch(/suspects\[0\]\.kind is not a known suspect kind/);
    expect(reject((s) => delete s.suspects.suspects[2].group)).toMatch(/suspects\[2\] does not match its kind/);
    expect(reject((s) => (s.suspects.suspects[0].group = s.suspects.suspects[2].group))).toMatch(/suspects\[0\] does not match its kind/);
    expect(reject((s) => s.suspects.suspects[0].accumulation.push(s.suspects.suspects[0].object))).toMatch(
      /accumulation has 3 items \(at most 2\)/,
    );
    expect(reject((s) => (s.suspects.suspects[1].object.address = '<img>'))).toMatch(/suspects\[1\]\.object\.address is not a hex address/);
    expect(reject((s) => (s.suspects.suspects[0].topConsumers[0].instances = -2))).toMatch(/topConsumers\[0\]\.instances is out of range/);
  });

  it('rejects oversized counts', () => {
    expect(reject((s) => (s.histogram = new Array(200_001).fill(s.histogram[0])))).toMatch(/has 200001 items \(at most 200000\)/);
    expect(reject((s) => (s.summary.warnings = new Array(1001).fill('w')))).toMatch(/at most 1000/);
    expect(
      reject((s) => {
        let node = s.treemap;
        for (let i = 0; i < 40; i++) {
          const child = { index: i, className: 'a', retainedBytes: 1, shallowBytes: 1 };
          node.children = [child];
          node = child;
        }
      }),
    ).toMatch(/deeper than 32 levels/);
  });

  it('rejects dominator nodes that do not form a tree within the declared depth', () => {
    expect(reject((s) => (s.dominators.nodes[1].parent = 999_999))).toMatch(/does not name an earlier node/);
    expect(reject((s) => (s.dominators.nodes[0].parent = s.dominators.nodes[1].index))).toMatch(/does not name an earlier node/);
    expect(reject((s) => s.dominators.nodes.push({ ...s.dominators.nodes[0] }))).toMatch(/duplicate/);
    expect(reject((s) => (s.dominators.depth = 1))).toMatch(/deeper than the declared depth/);
    expect(reject((s) => (s.dominators.depth = 65))).toMatch(/deeper than 64/);
    expect(reject((s) => (s.dominators.topLevel = -1))).toMatch(/topLevel/);
    expect(reject((s) => (s.dominators.topLevel = 'many'))).toMatch(/topLevel/);
  });

  it('drops unknown keys, so nothing else travels into the app', () => {
    const copy = JSON.parse(JSON.stringify(good));
    copy.extra = '<script>';
    copy.summary.future = 1;
    copy.histogram[0].onclick = 'x';
    const parsed = parseSnapshot(JSON.stringify(copy).replace('"v":1', '"__proto__":{"polluted":true},"v":1'));
    expect(parsed).toEqual(good);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('rejects text that is not JSON or not an object', () => {
    expect(() => parseSnapshot('{"v":1,')).toThrow(/not JSON/);
    expect(() => parseSnapshot('[1]')).toThrow(/is not an object/);
    expect(() => parseSnapshot('null')).toThrow(/is not an object/);
  });
});
