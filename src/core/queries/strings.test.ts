import { describe, expect, it } from 'vitest';
import { BasicType } from '../model/parsed-heap.ts';
import { createQueries } from './index.ts';
import { decodeUtf16Bytes } from './strings.ts';
import { f, HeapBuilder } from './test-fixture.ts';

/** UTF-16 code units as the JVM stores them in a compact string's byte[] on x86: little-endian pairs. */
function utf16le(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out.push(u & 0xff, u >> 8);
  }
  return out;
}

/** UTF-16 code units (Array.from(text) would iterate code points). */
function codeUnits(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
}

function latin1(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

function jdk17Heap() {
  const b = new HeapBuilder();
  const str = b.defineClass('java.lang.String', b.objectClassId, [
    f('value', BasicType.Object),
    f('hash', BasicType.Int),
    f('coder', BasicType.Byte),
    f('hashIsZero', BasicType.Boolean),
  ]);
  const thread = b.defineClass('java.lang.Thread', b.objectClassId, [f('priority', BasicType.Int), f('name', BasicType.Object)]);
  const worker = b.defineClass('app.Worker', thread, [f('job', BasicType.Object)]);
  const string = (text: string, coder: 0 | 1) => {
    const bytes = coder === 0 ? latin1(text) : utf16le(text);
    return b.instance(str, { value: b.primArray(BasicType.Byte, bytes), coder });
  };
  return { b, str, thread, worker, string };
}

describe('String decoding', () => {
  it('decodes Latin-1, UTF-16 with a surrogate pair, and clips labels to 80 chars', async () => {
    const { b, string, worker } = jdk17Heap();
    const ascii = string('plain ASCII text 0123456789', 0);
    const latin = string('caf\u00e9 M\u00fcller Stra\u00dfe', 0);
    const utf16Text = '\u041f\u0440\u0438\u0432\u0435\u0442 \u65e5\u672c\u8a9e \u20ac \ud83d\ude00';
    const utf16 = string(utf16Text, 1);
    const long = string('x'.repeat(5000), 0);
    const name = string('stack-holder', 0);
    const t = b.instance(worker, { name, priority: 5 });
    for (const id of [ascii, latin, utf16, long, t]) b.root(id);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);

    expect((await q.objectDetails(heap.idx(ascii))).stringValue).toBe('plain ASCII text 0123456789');
    expect((await q.objectDetails(heap.idx(latin))).stringValue).toBe('caf\u00e9 M\u00fcller Stra\u00dfe');
    const u = await q.objectDetails(heap.idx(utf16));
    expect(u.stringValue).toBe(utf16Text);
    expect(u.row.label).toBe(utf16Text);
    const l = await q.objectDetails(heap.idx(long));
    expect(l.stringValue).toBe('x'.repeat(4000) + '\u2026');
    expect(l.row.label).toBe('x'.repeat(80) + '\u2026');

    // Thread labels are the thread's name; a subclass of Thread counts.
    const rows = q.dominatorChildren(-1, 0, 100).items;
    const threadRow = rows.find((r) => r.index === heap.idx(t))!;
    expect(threadRow.label).toBeUndefined(); // not decoded yet: dominatorChildren is synchronous
    await q.fillLabels(rows);
    expect(threadRow.label).toBe('stack-holder');
    // Now cached: a fresh synchronous page carries it.
    const again = q.dominatorChildren(-1, 0, 100).items.find((r) => r.index === heap.idx(t))!;
    expect(again.label).toBe('stack-holder');
    expect(q.dominatorChildren(-1, 0, 100).items.find((r) => r.index === heap.idx(latin))!.label).toBe('caf\u00e9 M\u00fcller Stra\u00dfe');
  });

  it('fills labels on treemap nodes given as a flat list', async () => {
    const { b, string } = jdk17Heap();
    const s = string('in the treemap', 0);
    b.root(s);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const tree = q.treemap(-1, { minFraction: 0 });
    const flat = [tree, ...(tree.children ?? [])];
    const node = flat.find((n) => n.index === heap.idx(s))!;
    expect(node.label).toBeUndefined();
    await q.fillLabels(flat);
    expect(node.label).toBe('in the treemap');
    expect(tree.label).toBeUndefined(); // the virtual root is left alone
  });

  it('escapes control characters in labels, never cutting an escape, within 80 chars', async () => {
    const { b, string } = jdk17Heap();
    const lines = string('line 1\nline 2\ttab', 0);
    const binary = string('\u0000'.repeat(200), 0);
    b.root(lines);
    b.root(binary);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const rows = q.dominatorChildren(-1, 0, 10).items;
    await q.fillLabels(rows);
    expect(rows.find((r) => r.index === heap.idx(lines))!.label).toBe('line 1\\u000aline 2\\u0009tab');
    const label = rows.find((r) => r.index === heap.idx(binary))!.label!;
    expect(label).toBe('\\u0000'.repeat(13) + '\u2026');
    // The inspector keeps the value itself.
    expect((await q.objectDetails(heap.idx(lines))).stringValue).toBe('line 1\nline 2\ttab');
  });

  it('labels URLs as protocol://host[:port]file[#ref] and thread groups by name', async () => {
    const { b, string } = jdk17Heap();
    const url = b.defineClass('java.net.URL', b.objectClassId, [
      f('protocol', BasicType.Object),
      f('host', BasicType.Object),
      f('port', BasicType.Int),
      f('file', BasicType.Object),
      f('ref', BasicType.Object),
    ]);
    const group = b.defineClass('java.lang.ThreadGroup', b.objectClassId, [f('name', BasicType.Object)]);
    const web = b.instance(url, {
      protocol: string('https', 0),
      host: string('example.org', 0),
      port: 8443,
      file: string('/a?b=1', 0),
      ref: string('top', 0),
    });
    const local = b.instance(url, { protocol: string('file', 0), host: string('', 0), port: -1, file: string('/tmp/x.jar', 0) });
    const g = b.instance(group, { name: string('system', 0) });
    for (const id of [web, local, g]) b.root(id);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const rows = q.dominatorChildren(-1, 0, 100).items;
    await q.fillLabels(rows);
    const label = (id: number) => rows.find((r) => r.index === heap.idx(id))!.label;
    expect(label(web)).toBe('https://example.org:8443/a?b=1#top');
    expect(label(local)).toBe('file:///tmp/x.jar');
    expect(label(g)).toBe('system');
  });

  it('decodes missing labels of a synchronous page in the background, one read per object', async () => {
    const { b, string } = jdk17Heap();
    const s = string('warm me', 0);
    b.root(s);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const before = heap.source.reads;
    const first = q.dominatorChildren(-1, 0, 10).items.find((r) => r.index === heap.idx(s))!;
    expect(first.label).toBeUndefined();
    await q.fillLabels([first]); // joins the background decode instead of reading again
    expect(heap.source.reads - before).toBe(2); // the String record and its byte[]
    expect(first.label).toBe('warm me');
    const third = q.instancesOf(heap.graph.classByIndex[heap.idx(s)], 0, 10).items[0];
    expect(third.label).toBe('warm me');
  });

  it('does not split a surrogate pair when clipping', async () => {
    const { b, string } = jdk17Heap();
    const s = string('a'.repeat(79) + '\ud83d\ude00' + 'tail', 1);
    b.root(s);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const rows = [q.dominatorChildren(-1, 0, 10).items.find((r) => r.index === heap.idx(s))!];
    await q.fillLabels(rows);
    expect(rows[0].label).toBe('a'.repeat(79) + '\u2026');
  });

  it('decodes JDK 8 strings (char[] value) and JDK 6 offset/count sharing', async () => {
    const b = new HeapBuilder();
    const str6 = b.defineClass('java.lang.String', b.objectClassId, [
      f('value', BasicType.Object),
      f('offset', BasicType.Int),
      f('count', BasicType.Int),
      f('hash', BasicType.Int),
    ]);
    const text = 'hello, w\u00f6rld \u20ac\ud83d\ude00!';
    const chars = b.primArray(BasicType.Char, codeUnits(text));
    const whole = b.instance(str6, { value: chars, offset: 0, count: text.length });
    const part = b.instance(str6, { value: chars, offset: 7, count: 5 });
    const holder = b.objArray('java.lang.String[]', [whole, part]);
    b.root(holder);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    expect((await q.objectDetails(heap.idx(whole))).stringValue).toBe(text);
    expect((await q.objectDetails(heap.idx(part))).stringValue).toBe('w\u00f6rld');
    // char[] inspector preview
    expect((await q.objectDetails(heap.idx(chars))).stringValue).toBe(text);
  });

  it('decodes JDK 8 strings without offset/count fields', async () => {
    const b = new HeapBuilder(4);
    const str8 = b.defineClass('java.lang.String', b.objectClassId, [f('value', BasicType.Object), f('hash', BasicType.Int)]);
    const text = '\u65e5\u672c\u8a9e text';
    const s = b.instance(str8, { value: b.primArray(BasicType.Char, codeUnits(text)) });
    b.root(s);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    expect((await q.objectDetails(heap.idx(s))).stringValue).toBe(text);
  });

  it('reads UTF-16 bytes in native little-endian order, big-endian only when it is clearly better text', () => {
    const le = new Uint8Array(utf16le('\u041f\u0440\u0438\u0432\u0435\u0442 \u20ac'));
    expect(decodeUtf16Bytes(le)).toBe('\u041f\u0440\u0438\u0432\u0435\u0442 \u20ac');
    const beBytes = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      beBytes[i] = le[i + 1];
      beBytes[i + 1] = le[i];
    }
    expect(decodeUtf16Bytes(beBytes)).toBe('\u041f\u0440\u0438\u0432\u0435\u0442 \u20ac');
    // A single char is ambiguous: native order wins.
    expect(decodeUtf16Bytes(new Uint8Array([0xac, 0x20]))).toBe('\u20ac');
  });
});
