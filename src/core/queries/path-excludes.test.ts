// "Next path" and "Path to GC roots with excludes" on a hand-built dump with known alternative paths:
//   root H1 (a SubHolder) .a -> T                       (length 1)
//   root H2 (a Holder)    .b -> M (a Middle) .next -> T  (length 2)
//   root H3 (a Holder)    .a -> M                        (a third root, met after H2 at the same distance)
// The class objects are roots too (System Class), but none references T, M or the holders.

import { describe, expect, it } from 'vitest';
import { wholePath, type PathExclude } from '../api.ts';
import { analyzeDump, type HeapAnalysis } from '../analysis.ts';
import { memorySource } from '../testing/chunking.ts';
import { HprofWriter } from '../testing/hprof-writer.ts';

const OBJ = 2;
const C = { Object: 0x100, Class: 0x110, Holder: 0x120, SubHolder: 0x130, Middle: 0x140, Target: 0x150 };
const O = { H1: 0x1000, H2: 0x1100, H3: 0x1200, M: 0x2000, T: 0x3000 };

function dump(): Uint8Array {
  const w = new HprofWriter(8);
  const names: [number, string][] = [
    [C.Object, 'java/lang/Object'],
    [C.Class, 'java/lang/Class'],
    [C.Holder, 'app/Holder'],
    [C.SubHolder, 'app/SubHolder'],
    [C.Middle, 'app/Middle'],
    [C.Target, 'app/Target'],
  ];
  for (const [id, name] of names) w.loadClass(id, name);
  w.beginSegment();
  w.classDump({ id: C.Object, superId: 0 });
  w.classDump({ id: C.Class, superId: C.Object });
  w.classDump({
    id: C.Holder,
    superId: C.Object,
    fields: [
      { name: 'a', type: OBJ },
      { name: 'b', type: OBJ },
    ],
  });
  w.classDump({ id: C.SubHolder, superId: C.Holder });
  w.classDump({ id: C.Middle, superId: C.Object, fields: [{ name: 'next', type: OBJ }] });
  w.classDump({ id: C.Target, superId: C.Object });
  w.instance(O.H1, C.SubHolder, [
    [OBJ, O.T],
    [OBJ, 0],
  ]);
  w.instance(O.H2, C.Holder, [
    [OBJ, 0],
    [OBJ, O.M],
  ]);
  w.instance(O.H3, C.Holder, [
    [OBJ, O.M],
    [OBJ, 0],
  ]);
  w.instance(O.M, C.Middle, [[OBJ, O.T]]);
  w.instance(O.T, C.Target, []);
  for (const [id] of names) w.root(0x05, id);
  for (const id of [O.H1, O.H2, O.H3]) w.root(0x01, id, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}

/** A path as `address.field -> ...`, root first. */
async function path(a: HeapAnalysis, nth: number, exclude: PathExclude[] = []): Promise<string | null> {
  const steps = wholePath(await a.pathToRoots(a.findObject(O.T.toString(16))!, { nth, exclude }));
  return steps === null ? null : steps.map((s) => `${s.object.address}${s.field === null ? '' : '.' + s.field}`).join(' -> ');
}

describe('paths to the GC roots, next and with excludes', () => {
  it('gives the shortest path, then the next root by its own route, then none', async () => {
    const a = await analyzeDump(memorySource(dump()), {});
    expect(await path(a, 0)).toBe('0x1000.a -> 0x3000');
    // H2 and H3 both reference M: H2 is met first (referrers in address order), then H3, a root of its own.
    expect(await path(a, 1)).toBe('0x1100.b -> 0x2000.next -> 0x3000');
    expect(await path(a, 2)).toBe('0x1200.a -> 0x2000.next -> 0x3000');
    expect(await path(a, 3)).toBeNull();
  });

  it('leaves out an excluded field (inherited by subclasses) or a whole class', async () => {
    const a = await analyzeDump(memorySource(dump()), {});
    // Holder.a covers SubHolder's inherited a (H1) and H3's a.
    expect(await path(a, 0, [{ className: 'app.Holder', field: 'a' }])).toBe('0x1100.b -> 0x2000.next -> 0x3000');
    expect(await path(a, 1, [{ className: 'app.Holder', field: 'a' }])).toBeNull();
    // Only SubHolder's: H3's a stays usable.
    expect(await path(a, 2, [{ className: 'app.SubHolder', field: 'a' }])).toBeNull();
    expect(await path(a, 1, [{ className: 'app.SubHolder', field: 'a' }])).toBe('0x1200.a -> 0x2000.next -> 0x3000');
    expect(await path(a, 0, [{ className: 'app.Middle' }])).toBe('0x1000.a -> 0x3000');
    expect(await path(a, 1, [{ className: 'app.Middle' }])).toBeNull();
    expect(await path(a, 0, [{ className: 'app.Middle', field: 'next' }, { className: 'app.Holder' }])).toBeNull();
    // A field of another name changes nothing.
    expect(await path(a, 0, [{ className: 'app.Holder', field: 'b' }])).toBe('0x1000.a -> 0x3000');
  });
});
