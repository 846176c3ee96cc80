// The queries on real dumps (../../shared/corpus): String decoding, paths through thread locals and soft
import { elidedSteps, PATH_HEAD, PATH_TAIL, wholePath, wholePath as whole } from '../api.ts';
// references, and the dominator tree's children against Eclipse MAT's objects file (idom column).

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TreemapNode } from '../api.ts';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';
import { CORPUS } from '../testing/corpus.node.ts';

function classIndex(a: HeapAnalysis, name: string): number {
  const c = a.graph.parsed.classes.findIndex((k) => k.name === name);
  if (c < 0) throw new Error(`no class ${name}`);
  return c;
}

/** MAT's objects file as address -> idom address. */
function matIdoms(file: string): Map<string, string> {
  const lines = gunzipSync(readFileSync(CORPUS + file))
    .toString('utf8')
    .split('\n');
  const out = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const cols = lines[i].split('\t');
    out.set(cols[0], cols[4]);
  }
  return out;
}

/** Children of `address` in MAT's dominator tree. */
function matChildren(idoms: Map<string, string>, address: string): string[] {
  const out: string[] = [];
  for (const [a, d] of idoms) if (d === address && a !== address) out.push(a);
  return out.sort();
}

/** MAT's top dominator roots from a summary file: address -> display label (the text after "@ 0x...  "). */
function matDisplays(file: string): Array<{ address: string; className: string; display: string }> {
  const lines = readFileSync(CORPUS + file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l === 'address\tshallow\tretained\tclass\tdisplay');
  const out: Array<{ address: string; className: string; display: string }> = [];
  for (const line of lines.slice(start + 1)) {
    const cols = line.split('\t');
    if (cols.length < 5) break;
    out.push({ address: cols[0], className: cols[3], display: cols[4] });
  }
  return out;
}

/** Our label spelled as MAT's display column: `class X @ 0x..`, `T[n] @ 0x..`, `T @ 0x..  label`. */
function asMatDisplay(row: { className: string; address: string; label?: string }): string {
  if (row.label?.startsWith('class ')) return `${row.label} @ ${row.address}`;
  if (row.label?.startsWith('[')) return `${row.className.replace(/\[\]$/, row.label)} @ ${row.address}`;
  return `${row.className} @ ${row.address}${row.label ? '  ' + row.label : ''}`;
}

async function checkDisplays(a: HeapAnalysis, summary: string): Promise<void> {
  const mat = matDisplays(summary);
  expect(mat.length).toBe(200);
  const rows = a.dominatorChildren(-1, 0, 200).items;
  await a.fillLabels(rows);
  expect(rows.map(asMatDisplay)).toEqual(mat.map((m) => m.display));
}

function checkAreas(node: TreemapNode): number {
  let count = 1;
  if (node.children) {
    const sum = node.children.reduce((s, c) => s + c.retainedBytes, 0);
    expect(node.shallowBytes + sum).toBe(node.retainedBytes);
    for (const c of node.children) count += checkAreas(c);
  }
  return count;
}

describe.skipIf(!existsSync(CORPUS + 'basics.hprof.gz'))('queries on basics.hprof.gz', () => {
  let a: HeapAnalysis;
  beforeAll(async () => {
    a = await analyzeFile(CORPUS + 'basics.hprof.gz');
  });

  it('decodes the String statics of Basics exactly (ASCII, Latin-1, UTF-16 with an emoji)', async () => {
    const basics = a.graph.indexByClass[classIndex(a, 'Basics')];
    const details = await a.objectDetails(basics);
    expect(details.kind).toBe('class');
    const value = async (name: string) => {
      const field = details.fields.find((f) => f.name === name);
      expect(field?.isStatic).toBe(true);
      return (await a.objectDetails(field!.ref!.index)).stringValue;
    };
    expect(await value('ASCII')).toBe('plain ASCII text 0123456789');
    expect(await value('LATIN1')).toBe('caf\u00e9 M\u00fcller Stra\u00dfe');
    expect(await value('UTF16')).toBe('\u041f\u0440\u0438\u0432\u0435\u0442 \u65e5\u672c\u8a9e \u20ac \ud83d\ude00');
    // Labels of the field refs were filled by objectDetails.
    expect(details.fields.find((f) => f.name === 'LATIN1')!.ref!.label).toBe('caf\u00e9 M\u00fcller Stra\u00dfe');
    expect(details.fields.find((f) => f.name === 'LIST_LENGTH')!.value).toBe('50000');
  });

  it('decodes fields of every type across the Level1..Level5 hierarchy, statics, and primitive arrays', async () => {
    const digest = (fields: Array<{ name: string; value: string | null; ref?: { label?: string } }>) =>
      fields.map((f) => `${f.name}=${f.ref?.label ?? f.value}`).join(' ');
    const level5 = a.instancesOf(classIndex(a, 'Basics$Level5'), 0, 1).items[0];
    const fields = (await a.objectDetails(level5.index)).fields;
    expect(fields.length).toBe(50);
    // HotSpot writes each class's fields in reverse declaration order; most-derived class first.
    expect(digest(fields.slice(0, 10))).toBe('arr5=[5] ref5=level-5 d5=5.125 f5=5.25 j5=5005 i5=505 s5=55 c5=e b5=5 z5=true');
    expect(digest(fields.slice(40))).toBe('arr1=[1] ref1=level-1 d1=1.125 f1=1.25 j1=1001 i1=101 s1=11 c1=a b1=1 z1=true');
    const statics = await a.objectDetails(a.graph.indexByClass[classIndex(a, 'Basics$StaticsOfEveryType')]);
    expect(digest(statics.fields)).toBe('REF=[3] D=7.25 F=3.5 J=64 I=32 S=16 C=x B=8 Z=true');
    const arrays = (await a.objectDetails(a.instancesOf(classIndex(a, 'Basics$PrimitiveArrays'), 0, 1).items[0].index)).fields;
    const elements = async (name: string) => {
      const d = await a.objectDetails(arrays.find((f) => f.name === name)!.ref!.index);
      return d.elements!.map((e) => e.value).join(',');
    };
    expect(await elements('j')).toBe('1,-1,9223372036854775807,-9223372036854775808,81985529216486895,7');
    expect(await elements('d')).toBe('3.141592653589793,-0.0,NaN,-Infinity,1.7976931348623157e+308,1e-300');
    expect(await elements('f')).toBe('1.5,-0.0,NaN,Infinity,1e-45');
    expect(await elements('c')).toBe('h,e,\u00e9,\u0416,\u65e5');
    expect(await elements('s')).toBe('1,-1,32767,-32768');
    expect(await elements('z')).toBe('true,false,true,true,false');
    const str = await a.objectDetails(arrays.find((f) => f.name === 'str')!.ref!.index);
    expect(str.elements!.map((e) => (e.value === null ? 'null' : e.ref!.label)).join(',')).toBe('alpha,null,gamma');
  });

  it('finds the int[1000000] held only by thread stack-holder through <Java Local>, naming its frame', async () => {
    const ints = a.instancesOf(classIndex(a, 'int[]'), 0, 1).items[0];
    expect(ints.label).toBe('[1000000]');
    const path = whole(await a.pathToRoots(ints.index));
    expect(path).not.toBeNull();
    expect(path!.length).toBe(2);
    expect(path![0].object.className).toBe('java.lang.Thread');
    expect(path![0].object.label).toBe('stack-holder');
    expect(path![0].object.rootTypes).toContain('Thread');
    // MAT's path says `<Java Local>`; the frame is the one its report names (Basics.java:149).
    const local = '<Java Local> in Basics.lambda$build$0(Basics.java:149)';
    expect(path![0].field).toBe(local);
    expect(path![1].object.index).toBe(ints.index);
    const referrers = await a.referrers(ints.index, 0, 10);
    expect(referrers.items.map((r) => r.field)).toEqual([local]);
    // The thread's outgoing references include the local.
    const out = await a.outgoing(path![0].object.index, 0, 100);
    expect(out.items.some((r) => r.field === local && r.object.index === ints.index)).toBe(true);
  });

  it('walks the 50,000-node list: path to roots and dominator path', async () => {
    const nodes = a.instancesOf(classIndex(a, 'Basics$ListNode'), 0, 100000);
    expect(nodes.total).toBe(50000);
    const tail = nodes.items[nodes.items.length - 1];
    // The whole path (50,000 list nodes below class Basics and the System Class path to it), in two windows.
    const ends = (await a.pathToRoots(tail.index))!;
    expect(ends.head).toHaveLength(PATH_HEAD);
    expect(ends.tail).toHaveLength(PATH_TAIL);
    const path = wholePath((await a.pathToRoots(tail.index, { head: ends.length, tail: 0 }))!);
    expect(path).toHaveLength(ends.length);
    expect(ends.head).toEqual(path.slice(0, PATH_HEAD));
    expect(ends.tail).toEqual(path.slice(-PATH_TAIL));
    // Basics is an application class, not a GC root: the path starts at a System Class that holds it.
    expect(path[0].object.rootTypes).toContain('System Class');
    const list = path.slice(-50000);
    const basicsStep = path[path.length - 50001];
    expect(basicsStep.object.label).toBe('class Basics');
    expect(basicsStep.field).toBe('<static> LIST_HEAD');
    expect(list.every((s) => s.object.className === 'Basics$ListNode')).toBe(true);
    expect(list.slice(0, -1).every((s) => s.field === 'next')).toBe(true);
    expect(list[list.length - 1].field).toBeNull();
    const chain = a.dominatorPath(tail.index);
    expect(chain.length).toBe(50001);
    expect(chain.head[0].label).toBe('class Basics');
    expect(elidedSteps(chain)).toBe(50001 - PATH_HEAD - PATH_TAIL);
    expect(chain.tail.at(-1)!.index).toBe(tail.index);
  });

  it('lists the top dominator children as MAT does', () => {
    const top = a.dominatorChildren(-1, 0, 3);
    expect(top.items[0].label).toBe('class Basics');
    expect(top.items[0].retainedBytes).toBe(21339848);
    expect(top.items[1].retainedBytes).toBe(4000304);
    const children = a.dominatorChildren(top.items[0].index, 0, 1e6);
    const idoms = matIdoms('basics.mat-objects.tsv.gz');
    expect(children.items.map((r) => r.address).sort()).toEqual(matChildren(idoms, top.items[0].address));
    const sizes = children.items.map((r) => r.retainedBytes);
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
  });

  it('builds a treemap whose areas add up within the node budget', () => {
    const t = a.treemap(-1);
    expect(t.retainedBytes).toBe(26335624);
    expect(checkAreas(t)).toBeLessThanOrEqual(2000);
    expect(t.children![0].label).toBe('class Basics');
  });

  it('labels the top 200 dominator roots as MAT displays them (class, array length, thread and module names)', async () => {
    await checkDisplays(a, 'basics.mat-summary.txt');
  });

  it('finds objects by address', () => {
    const top = a.dominatorChildren(-1, 0, 1).items[0];
    expect(a.findObject(top.address)).toBe(top.index);
    expect(a.findObject(' ' + top.address.slice(2).toUpperCase() + ' ')).toBe(top.index);
  });
});

describe.skipIf(!existsSync(CORPUS + 'references.hprof.gz'))('queries on references.hprof.gz', () => {
  let a: HeapAnalysis;
  beforeAll(async () => {
    a = await analyzeFile(CORPUS + 'references.hprof.gz');
  });

  it('has no strong path to the 1 MB byte[] held only by a SoftReference; the weak path goes through referent', async () => {
    const bytes = a.instancesOf(classIndex(a, 'byte[]'), 0, 1).items[0];
    expect(bytes.label).toBe('[1048576]');
    expect(whole(await a.pathToRoots(bytes.index))).toBeNull();
    const path = whole(await a.pathToRoots(bytes.index, { excludeWeak: false }));
    expect(path).not.toBeNull();
    const holder = path![path!.length - 2];
    expect(holder.object.className).toBe('java.lang.ref.SoftReference');
    expect(holder.field).toBe('referent');
    expect(path![0].object.rootTypes!.length).toBeGreaterThan(0);
  });

  it('names the thread-local buffers of the tl-worker threads', async () => {
    const threads = a.instancesOf(classIndex(a, 'java.lang.Thread'), 0, 100);
    await a.fillLabels(threads.items);
    const names = threads.items.map((r) => r.label);
    expect(names.slice(0, 3)).toEqual(['tl-worker-2', 'tl-worker-1', 'tl-worker-0']);
    expect(threads.items.slice(0, 3).map((r) => r.retainedBytes)).toEqual([301008, 201008, 101008]);
  });

  it('labels the top 200 dominator roots as MAT displays them', async () => {
    await checkDisplays(a, 'references.mat-summary.txt');
  });

  it('lists the top dominator children as MAT does', () => {
    const top = a.dominatorChildren(-1, 0, 1).items[0];
    expect(top.label).toBe('class References');
    const children = a.dominatorChildren(top.index, 0, 1e6);
    const idoms = matIdoms('references.mat-objects.tsv.gz');
    expect(children.items.map((r) => r.address).sort()).toEqual(matChildren(idoms, top.address));
  });
});

describe.skipIf(!existsSync(CORPUS + 'routes.hprof.gz'))('queries on routes.hprof.gz', () => {
  let a: HeapAnalysis;
  beforeAll(async () => {
    a = await analyzeFile(CORPUS + 'routes.hprof.gz');
  });

  it('labels the top 200 dominator roots as MAT displays them', async () => {
    await checkDisplays(a, 'routes.mat-summary.txt');
  });

  it('names the route planner path and pages its HashMap table', async () => {
    const planner = a.instancesOf(classIndex(a, 'Routes$RoutePlanner'), 0, 1).items[0];
    const path = whole(await a.pathToRoots(planner.index));
    expect(path![path!.length - 2].object.label).toBe('class Routes');
    const fields = (await a.objectDetails(planner.index)).fields;
    const map = fields.find((f) => f.ref?.className === 'java.util.HashMap')!.ref!;
    const table = (await a.outgoing(map.index, 0, 100)).items.find((r) => r.field === 'table')!.object;
    const first = await a.outgoing(table.index, 0, 10);
    expect(first.items[0].field).toBe('<class>');
    const all = await a.outgoing(table.index, 0, 1e6);
    expect(all.total).toBe(all.items.length);
    // Pages concatenate to the whole list.
    const second = await a.outgoing(table.index, 10, 10);
    expect(second.items.map((r) => r.field)).toEqual(all.items.slice(10, 20).map((r) => r.field));
    // Every element row names its slot, and the referrers of an element name the same slot.
    const element = all.items[5];
    const back = await a.referrers(element.object.index, 0, 10);
    expect(back.items.find((r) => r.object.index === table.index)!.field).toBe(element.field);
  });
});

/** Non-printable-ASCII characters as \uXXXX, as MAT's report writes labels. */
function escapeAll(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Top-200 dominator roots against MAT's display column; String values (MAT prints longer, escaped prefixes) are
 *  compared as prefixes of our decoded value; char[]/byte[] (MAT prints their contents) by class, length, address. */
async function checkDisplaysWithValues(a: HeapAnalysis, summary: string): Promise<{ strings: number }> {
  const mat = matDisplays(summary);
  const rows = a.dominatorChildren(-1, 0, mat.length).items;
  await a.fillLabels(rows);
  let strings = 0;
  for (let i = 0; i < mat.length; i++) {
    const row = rows[i];
    const ours = asMatDisplay(row);
    const display = mat[i].display;
    if (row.className === 'java.lang.String') {
      const head = `java.lang.String @ ${row.address}  `;
      expect(display.startsWith(head)).toBe(true);
      const matValue = display.slice(head.length).replace(/\.\.\.$/, '');
      const value = escapeAll((await a.objectDetails(row.index)).stringValue ?? '');
      expect(value.startsWith(matValue)).toBe(true);
      strings++;
    } else if (row.className === 'char[]' || row.className === 'byte[]') {
      expect(display.startsWith(ours)).toBe(true);
    } else if (ours.endsWith('\u2026')) {
      // Our labels are clipped to 80 characters; MAT's report prints more.
      expect(display.startsWith(ours.slice(0, -1))).toBe(true);
    } else {
      expect(ours).toBe(display);
    }
  }
  return { strings };
}

describe.skipIf(!existsSync(CORPUS + 'external/hprof-32.bin'))('queries on external/hprof-32.bin (JDK 6, 4-byte ids)', () => {
  it('labels the top dominator roots as MAT does: JDK 6 strings (offset/count), char[] thread names', async () => {
    const a = await analyzeFile(CORPUS + 'external/hprof-32.bin');
    const { strings } = await checkDisplaysWithValues(a, 'external/hprof-32.mat-summary.txt');
    expect(strings).toBeGreaterThan(0);
    const main = a.dominatorChildren(-1, 0, 200).items.find((r) => r.className === 'java.lang.Thread')!;
    expect(main.label).toBe('main');
  });
});

describe.skipIf(!existsSync(CORPUS + 'external/hprof-64.bin'))('queries on external/hprof-64.bin', () => {
  it('labels the top dominator roots as MAT does', async () => {
    const a = await analyzeFile(CORPUS + 'external/hprof-64.bin');
    await checkDisplaysWithValues(a, 'external/hprof-64.mat-summary.txt');
  });
});

describe.skipIf(!existsSync(CORPUS + 'basics-all.hprof.gz'))('queries on basics-all.hprof.gz, keep_unreachable_objects', () => {
  it('finds the unreachable 100-node cycle under an "Unreachable" root', async () => {
    const a = await analyzeFile(CORPUS + 'basics-all.hprof.gz', { keepUnreachable: true });
    const nodes = a.instancesOf(classIndex(a, 'Basics$GarbageNode'), 0, 200);
    expect(nodes.total).toBe(100);
    const path = whole(await a.pathToRoots(nodes.items[nodes.items.length - 1].index));
    expect(path![0].object.rootTypes).toEqual(['Unreachable']);
    expect(path!.every((s) => s.object.className === 'Basics$GarbageNode')).toBe(true);
    expect(path!.slice(0, -1).every((s) => s.field === 'next')).toBe(true);
  });
});
