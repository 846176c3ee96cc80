// Generated dumps for long paths and many small children, written with the HPROF writer: a linked list of any
// length (a dominator chain and a reference path as long as the list), and a map whose table holds many small
// entries of one class. Used by the core tests and the e2e specs.
import { HprofWriter } from './hprof-writer.ts';

const OBJ = 2; // HPROF basic type: object reference
const BYTE = 8;

/** Ids of deepListDump's objects. */
export const DEEP_LIST = {
  holder: 0x90_0000,
  payload: 0x80_0000,
  /** The i-th list node (0 = the head). */
  node: (i: number): number => 0x1000_0000 + i * 0x20,
};

/**
 * One app.ListHolder (a GC root) whose `head` starts a linked list of `length` app.ListNode (`next`), the last node
 * holding a 1,000-byte byte[] in `payload`. Ids leave room for 100 million nodes.
 */
export function deepListDump(length: number): Uint8Array {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const HOLDER = 0x120;
  const NODE = 0x130;
  const BYTES = 0x140;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(HOLDER, 'app/ListHolder');
  w.loadClass(NODE, 'app/ListNode');
  w.loadClass(BYTES, '[B');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({ id: HOLDER, superId: OBJECT, fields: [{ name: 'head', type: OBJ }] });
  w.classDump({
    id: NODE,
    superId: OBJECT,
    fields: [
      { name: 'next', type: OBJ },
      { name: 'payload', type: OBJ },
    ],
  });
  w.classDump({ id: BYTES, superId: OBJECT });
  w.primitiveArray(DEEP_LIST.payload, BYTE, new Array<number>(1000).fill(7));
  w.instance(DEEP_LIST.holder, HOLDER, [[OBJ, DEEP_LIST.node(0)]]);
  for (let i = 0; i < length; i++) {
    const last = i === length - 1;
    w.instance(DEEP_LIST.node(i), NODE, [
      [OBJ, last ? 0 : DEEP_LIST.node(i + 1)],
      [OBJ, last ? DEEP_LIST.payload : 0],
    ]);
  }
  for (const c of [OBJECT, CLASS, HOLDER, NODE, BYTES]) w.root(0x05, c);
  w.root(0x01, DEEP_LIST.holder, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}

/** Ids of mapLeakDump's objects. */
export const MAP_LEAK = {
  cache: 0x90_0000,
  map: 0x90_0100,
  table: 0x80_0000,
  listeners: 0x90_0800,
  entry: (i: number): number => 0x100_0000 + i * 0x100,
};

/**
 * A leak in a map: one app.Cache (a GC root) whose `map` is an app.LeakMap, whose `table` (app.LeakMap$Entry[]) holds
 * `entries` entries, each with a byte[] value of 200 bytes and more (so each entry is small beside the table), plus
 * an app.Config of 4 KiB and a small Object[] of 10 app.Listener held by the cache beside the map.
 */
export function mapLeakDump(entries: number): Uint8Array {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const CACHE = 0x120;
  const MAP = 0x130;
  const ENTRY = 0x140;
  const ENTRIES = 0x150;
  const BYTES = 0x160;
  const CONFIG = 0x170;
  const OBJECTS = 0x180;
  const LISTENER = 0x190;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(CACHE, 'app/Cache');
  w.loadClass(MAP, 'app/LeakMap');
  w.loadClass(ENTRY, 'app/LeakMap$Entry');
  w.loadClass(ENTRIES, '[Lapp/LeakMap$Entry;');
  w.loadClass(BYTES, '[B');
  w.loadClass(CONFIG, 'app/Config');
  w.loadClass(OBJECTS, '[Ljava/lang/Object;');
  w.loadClass(LISTENER, 'app/Listener');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({
    id: CACHE,
    superId: OBJECT,
    fields: [
      { name: 'map', type: OBJ },
      { name: 'config', type: OBJ },
      { name: 'listeners', type: OBJ },
    ],
  });
  w.classDump({
    id: MAP,
    superId: OBJECT,
    fields: [
      { name: 'table', type: OBJ },
      { name: 'size', type: 10 },
    ],
  });
  w.classDump({
    id: ENTRY,
    superId: OBJECT,
    fields: [
      { name: 'key', type: 10 },
      { name: 'value', type: OBJ },
      { name: 'next', type: OBJ },
    ],
  });
  w.classDump({ id: ENTRIES, superId: OBJECT });
  w.classDump({ id: BYTES, superId: OBJECT });
  w.classDump({ id: CONFIG, superId: OBJECT, fields: [{ name: 'data', type: OBJ }] });
  w.classDump({ id: OBJECTS, superId: OBJECT });
  w.classDump({ id: LISTENER, superId: OBJECT, fields: [{ name: 'id', type: 10 }] });
  const ids: number[] = [];
  for (let i = 0; i < entries; i++) {
    const id = MAP_LEAK.entry(i);
    w.instance(id, ENTRY, [
      [10, i],
      [OBJ, id + 0x40],
      [OBJ, 0],
    ]);
    w.primitiveArray(id + 0x40, BYTE, new Array<number>(200 + (i % 8) * 8).fill(i & 0x7f));
    ids.push(id);
  }
  w.objectArray(MAP_LEAK.table, ENTRIES, ids);
  w.instance(MAP_LEAK.map, MAP, [
    [OBJ, MAP_LEAK.table],
    [10, entries],
  ]);
  const CONFIG_OBJ = 0x90_0200;
  w.primitiveArray(CONFIG_OBJ + 0x40, BYTE, new Array<number>(4096).fill(1));
  w.instance(CONFIG_OBJ, CONFIG, [[OBJ, CONFIG_OBJ + 0x40]]);
  const listeners: number[] = [];
  for (let i = 0; i < 10; i++) {
    listeners.push(0x90_1000 + i * 0x20);
    w.instance(listeners[i], LISTENER, [[10, i]]);
  }
  w.objectArray(MAP_LEAK.listeners, OBJECTS, listeners);
  w.instance(MAP_LEAK.cache, CACHE, [
    [OBJ, MAP_LEAK.map],
    [OBJ, CONFIG_OBJ],
    [OBJ, MAP_LEAK.listeners],
  ]);
  for (const c of [OBJECT, CLASS, CACHE, MAP, ENTRY, ENTRIES, BYTES, CONFIG, OBJECTS, LISTENER]) w.root(0x05, c);
  w.root(0x01, MAP_LEAK.cache, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}
