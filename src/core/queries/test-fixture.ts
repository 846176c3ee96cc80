// Hand-built heaps for the query tests: HPROF object sub-records written into a byte buffer (read back through a
// RandomAccess), the matching ParsedHeap, and a HeapGraph with MAT's edges and dominators computed naively
// (iterative data-flow dominators: fine for a few dozen nodes).

import { classOrdinal, KIND_CLASS, KIND_PSEUDO_LOADER, type HeapGraph, type PseudoEdge } from '../graph/heap-graph.ts';
import {
  BasicType,
  KIND_INSTANCE,
  KIND_OBJECT_ARRAY,
  type ClassRecord,
  type FieldDef,
  type ParsedHeap,
  type StaticField,
} from '../model/parsed-heap.ts';
import type { ObjectId } from '../units.ts';
import { basicTypeSize } from './class-info.ts';
import type { RandomAccess } from './object-reader.ts';

const NO_NODE = 0xffffffff;

type FieldInput = number | bigint | null;

interface ObjectSpec {
  id: ObjectId;
  classId: ObjectId;
  kind: number;
  length: number;
  /** Reference values in dump order (0 = null). */
  refs: ObjectId[];
  bytes: Uint8Array;
  shallow: number;
}

export interface BuiltHeap {
  graph: HeapGraph;
  source: RandomAccess & { reads: number };
  /** Object index of an id (throws when absent). */
  idx(id: ObjectId): number;
}

class ByteWriter {
  buf = new Uint8Array(256);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  u1(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
  }
  u2(v: number): void {
    this.u1(v >>> 8);
    this.u1(v);
  }
  u4(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.len, v >>> 0);
    this.len += 4;
  }
  u8(v: bigint): void {
    this.ensure(8);
    new DataView(this.buf.buffer).setBigUint64(this.len, BigInt.asUintN(64, v));
    this.len += 8;
  }
  id(v: number, idSize: number): void {
    if (idSize === 4) this.u4(v);
    else {
      this.u4(Math.floor(v / 0x100000000));
      this.u4(v % 0x100000000);
    }
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  value(type: BasicType, v: FieldInput, idSize: number): void {
    const n = v === null ? 0 : v;
    switch (type) {
      case BasicType.Object:
        this.id(Number(n), idSize);
        break;
      case BasicType.Boolean:
      case BasicType.Byte:
        this.u1(Number(n));
        break;
      case BasicType.Char:
      case BasicType.Short:
        this.u2(Number(n));
        break;
      case BasicType.Int:
        this.u4(Number(n));
        break;
      case BasicType.Float: {
        const d = new DataView(new ArrayBuffer(4));
        d.setFloat32(0, Number(n));
        this.bytes(new Uint8Array(d.buffer));
        break;
      }
      case BasicType.Double: {
        const d = new DataView(new ArrayBuffer(8));
        d.setFloat64(0, Number(n));
        this.bytes(new Uint8Array(d.buffer));
        break;
      }
      case BasicType.Long:
        this.u8(BigInt(n));
        break;
    }
  }
}

export class HeapBuilder {
  readonly idSize: 4 | 8;
  private nextId = 0x1000;
  private readonly classes: ClassRecord[] = [];
  private readonly objects: ObjectSpec[] = [];
  private readonly roots: Array<{ id: ObjectId; type: string }> = [];
  private readonly locals: Array<{ thread: ObjectId; target: ObjectId; name: string }> = [];
  readonly objectClassId: ObjectId;
  readonly classClassId: ObjectId;

  constructor(idSize: 4 | 8 = 8) {
    this.idSize = idSize;
    this.objectClassId = this.defineClass('java.lang.Object', 0, []);
    this.classClassId = this.defineClass('java.lang.Class', this.objectClassId, []);
  }

  private allocId(): ObjectId {
    const id = this.nextId;
    this.nextId += 0x10;
    return id;
  }

  /** Declares a class; returns its class object id. */
  defineClass(name: string, superId: ObjectId, fields: FieldDef[], statics: StaticField[] = [], loaderId: ObjectId = 0): ObjectId {
    const id = this.allocId();
    this.classes.push({ id, name, superId, loaderId, dumpInstanceSize: 0, instanceFields: fields, staticFields: statics, fileOffset: 0 });
    return id;
  }

  classIdByName(name: string): ObjectId {
    const c = this.classes.find((k) => k.name === name);
    if (!c) throw new Error(`no class ${name}`);
    return c.id;
  }

  private chain(classId: ObjectId): ClassRecord[] {
    const out: ClassRecord[] = [];
    let c = this.classes.find((k) => k.id === classId);
    while (c) {
      out.push(c);
      const superId = c.superId;
      c = superId === 0 ? undefined : this.classes.find((k) => k.id === superId);
    }
    return out;
  }

  /** An instance; `values` by field name (missing = 0/null). Most-derived fields first, as HotSpot writes them. */
  instance(classId: ObjectId, values: Record<string, FieldInput> = {}, opts: { shallow?: number; badLength?: number } = {}): ObjectId {
    const id = this.allocId();
    const w = new ByteWriter();
    const refs: ObjectId[] = [];
    for (const c of this.chain(classId)) {
      for (const f of c.instanceFields) {
        const v = values[f.name] ?? 0;
        w.value(f.type, v, this.idSize);
        if (f.type === BasicType.Object) refs.push(Number(v ?? 0));
      }
    }
    const body = w.buf.slice(0, w.len);
    this.objects.push({ id, classId, kind: KIND_INSTANCE, length: 0, refs, bytes: body, shallow: opts.shallow ?? 16 + body.length });
    return id;
  }

  /** A primitive array; elements as numbers (for char: code units) or raw bytes for byte[]. */
  primArray(type: BasicType, elements: ArrayLike<number> | bigint[], opts: { shallow?: number } = {}): ObjectId {
    const id = this.allocId();
    const w = new ByteWriter();
    for (let i = 0; i < elements.length; i++) w.value(type, (elements as ArrayLike<number | bigint>)[i], this.idSize);
    const name = `${BasicTypeNames[type]}[]`;
    let classId = this.classes.find((k) => k.name === name)?.id;
    if (classId === undefined) classId = this.defineClass(name, this.objectClassId, []);
    this.objects.push({
      id,
      classId,
      kind: type,
      length: elements.length,
      refs: [],
      bytes: w.buf.slice(0, w.len),
      shallow: opts.shallow ?? 16 + elements.length * basicTypeSize(type, this.idSize),
    });
    return id;
  }

  objArray(className: string, elements: ObjectId[], opts: { shallow?: number } = {}): ObjectId {
    const id = this.allocId();
    let classId = this.classes.find((k) => k.name === className)?.id;
    if (classId === undefined) classId = this.defineClass(className, this.objectClassId, []);
    const w = new ByteWriter();
    for (const e of elements) w.id(e, this.idSize);
    this.objects.push({
      id,
      classId,
      kind: KIND_OBJECT_ARRAY,
      length: elements.length,
      refs: elements.slice(),
      bytes: w.buf.slice(0, w.len),
      shallow: opts.shallow ?? 16 + elements.length * this.idSize,
    });
    return id;
  }

  root(id: ObjectId, type = 'JNI Global'): void {
    this.roots.push({ id, type });
  }

  /** A thread-local root turned into an edge from the thread object (MAT's model). */
  local(thread: ObjectId, target: ObjectId, name = '<Java Local>'): void {
    this.locals.push({ thread, target, name });
  }

  build(): BuiltHeap {
    const idSize = this.idSize;
    // --- the dump bytes and the ParsedHeap ---
    const w = new ByteWriter();
    w.bytes(new TextEncoder().encode('JAVA PROFILE 1.0.2\0')); // so no object sits at offset 0
    const offsets: number[] = [];
    for (const o of this.objects) {
      offsets.push(w.len);
      if (o.kind === KIND_INSTANCE) {
        w.u1(0x21);
        w.id(o.id, idSize);
        w.u4(1);
        w.id(o.classId, idSize);
        w.u4(o.bytes.length);
      } else if (o.kind === KIND_OBJECT_ARRAY) {
        w.u1(0x22);
        w.id(o.id, idSize);
        w.u4(1);
        w.u4(o.length);
        w.id(o.classId, idSize);
      } else {
        w.u1(0x23);
        w.id(o.id, idSize);
        w.u4(1);
        w.u4(o.length);
        w.u1(o.kind);
      }
      w.bytes(o.bytes);
    }
    const dump = w.buf.slice(0, w.len);
    const classIndexById = new Map<ObjectId, number>();
    this.classes.forEach((c, i) => classIndexById.set(c.id, i));
    const n = this.objects.length;
    const refStart = new Uint32Array(n + 1);
    const refList: number[] = [];
    this.objects.forEach((o, i) => {
      refStart[i] = refList.length;
      for (const r of o.refs) if (r !== 0) refList.push(r);
    });
    refStart[n] = refList.length;
    const parsed: ParsedHeap = {
      format: 'JAVA PROFILE 1.0.2',
      idSize,
      timestamp: 0,
      compressed: false,
      bytesRead: dump.length,
      truncated: false,
      warnings: [],
      notes: [],
      recordCounts: {},
      classes: this.classes,
      classIndexById,
      objectCount: n,
      idByOrdinal: Float64Array.from(this.objects.map((o) => o.id)),
      classByOrdinal: Uint32Array.from(this.objects.map((o) => classIndexById.get(o.classId)!)),
      kindByOrdinal: Uint8Array.from(this.objects.map((o) => o.kind)),
      arrayLengthByOrdinal: Uint32Array.from(this.objects.map((o) => o.length)),
      // The graph builder consumes the reference columns and leaves them empty; queries must not need them.
      refStart: new Uint32Array(1),
      refIds: new Uint32Array(0),
      refWide: new Float64Array(0),
      refBase: 0,
      refUnit: 8,
      objectOffset: (ordinal) => offsets[ordinal],
      roots: { count: 0, ids: new Float64Array(0), tags: new Uint8Array(0), threadSerials: new Int32Array(0) },
      compressedRefs: false,
      alignment: 8,
      strings: new Map(),
    };

    // --- nodes: objects (ordinal order), class objects, the pseudo boot loader ---
    const nodeCount = n + this.classes.length + 1;
    const idByIndex = new Float64Array(nodeCount);
    const classByIndex = new Uint32Array(nodeCount);
    const kindByIndex = new Uint8Array(nodeCount);
    const ordinalByIndex = new Int32Array(nodeCount).fill(-1);
    const indexByClass = new Uint32Array(this.classes.length);
    const shallowByIndex = new Float64Array(nodeCount);
    const classClassIndex = classIndexById.get(this.classClassId)!;
    this.objects.forEach((o, i) => {
      idByIndex[i] = o.id;
      classByIndex[i] = classIndexById.get(o.classId)!;
      kindByIndex[i] = o.kind;
      ordinalByIndex[i] = i;
      shallowByIndex[i] = o.shallow;
    });
    this.classes.forEach((c, k) => {
      const v = n + k;
      idByIndex[v] = c.id;
      classByIndex[v] = classClassIndex;
      kindByIndex[v] = KIND_CLASS;
      ordinalByIndex[v] = classOrdinal(k);
      indexByClass[k] = v;
      shallowByIndex[v] = c.staticFields.length * 8;
    });
    const loader = nodeCount - 1;
    idByIndex[loader] = 0;
    kindByIndex[loader] = KIND_PSEUDO_LOADER;
    classByIndex[loader] = classIndexById.get(this.classes.find((c) => c.name === 'java.lang.ClassLoader')?.id ?? this.objectClassId)!;
    const indexById = new Map<ObjectId, number>();
    for (let v = 0; v < nodeCount; v++) indexById.set(idByIndex[v], v);
    const findIndex = (id: ObjectId): number => indexById.get(id) ?? -1;

    // --- MAT's edges, de-duplicated ---
    const pseudoEdges: PseudoEdge[] = this.locals.map((l) => ({ from: findIndex(l.thread), to: findIndex(l.target), name: l.name }));
    const out: number[][] = Array.from({ length: nodeCount }, () => []);
    const add = (from: number, to: number): void => {
      if (to >= 0 && !out[from].includes(to)) out[from].push(to);
    };
    this.objects.forEach((o, i) => {
      add(i, indexByClass[classByIndex[i]]);
      for (const r of o.refs) if (r !== 0) add(i, findIndex(r));
    });
    this.classes.forEach((c, k) => {
      const v = n + k;
      add(v, indexByClass[classClassIndex]);
      if (c.superId !== 0) add(v, findIndex(c.superId));
      add(v, c.loaderId === 0 || findIndex(c.loaderId) < 0 ? loader : findIndex(c.loaderId));
      for (const f of c.staticFields) if (f.type === BasicType.Object && f.value !== 0) add(v, findIndex(Number(f.value)));
    });
    for (const e of pseudoEdges) add(e.from, e.to);
    add(loader, indexByClass[classByIndex[loader]]);
    // As the graph builder stores them: without each node's edge to its class, which is implicit.
    const stored = out.map((list, v) => list.filter((t) => t !== indexByClass[classByIndex[v]]));
    const succStart = new Uint32Array(nodeCount + 1);
    for (let v = 0; v < nodeCount; v++) succStart[v + 1] = succStart[v] + stored[v].length;
    const succ = Uint32Array.from(stored.flat());

    const rootTypesByIndex = new Map<number, string[]>();
    for (const r of this.roots) {
      const v = findIndex(r.id);
      const list = rootTypesByIndex.get(v) ?? [];
      if (!list.includes(r.type)) list.push(r.type);
      rootTypesByIndex.set(v, list);
    }

    // --- dominators: iterative data flow from a virtual root (node nodeCount) to the roots ---
    const virtual = nodeCount;
    const preds: number[][] = Array.from({ length: nodeCount + 1 }, () => []);
    for (let v = 0; v < nodeCount; v++) {
      for (const t of out[v]) if (!rootTypesByIndex.has(t)) preds[t].push(v); // edges into roots are ignored
    }
    for (const r of rootTypesByIndex.keys()) preds[r].push(virtual);
    const reachable = new Uint8Array(nodeCount + 1);
    reachable[virtual] = 1;
    const stack = [...rootTypesByIndex.keys()];
    for (const r of stack) reachable[r] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      for (const t of out[v])
        if (!reachable[t]) {
          reachable[t] = 1;
          stack.push(t);
        }
    }
    const all = Array.from({ length: nodeCount + 1 }, (_, i) => i).filter((v) => reachable[v]);
    const dom = new Map<number, Set<number>>();
    for (const v of all) dom.set(v, v === virtual ? new Set([virtual]) : new Set(all));
    for (let changed = true; changed;) {
      changed = false;
      for (const v of all) {
        if (v === virtual) continue;
        const sets = preds[v].filter((p) => reachable[p]).map((p) => dom.get(p)!);
        const next = new Set<number>(sets.length > 0 ? [...sets[0]].filter((x) => sets.every((d) => d.has(x))) : []);
        next.add(v);
        if (next.size !== dom.get(v)!.size) {
          dom.set(v, next);
          changed = true;
        }
      }
    }
    const idomByIndex = new Uint32Array(nodeCount).fill(NO_NODE);
    for (const v of all) {
      if (v === virtual) continue;
      const strict = [...dom.get(v)!].filter((d) => d !== v);
      // The immediate dominator is the strict dominator dominated by all the others (the largest set).
      const idom = strict.reduce((a, b) => (dom.get(a)!.size > dom.get(b)!.size ? a : b));
      idomByIndex[v] = idom === virtual ? NO_NODE : idom;
    }
    const retainedByIndex = new Float64Array(nodeCount);
    for (const v of all) {
      if (v === virtual) continue;
      for (const d of dom.get(v)!) if (d !== virtual) retainedByIndex[d] += shallowByIndex[v];
    }
    const children: number[][] = Array.from({ length: nodeCount }, () => []);
    const top: number[] = [];
    for (const v of all) {
      if (v === virtual) continue;
      if (idomByIndex[v] === NO_NODE) top.push(v);
      else children[idomByIndex[v]].push(v);
    }
    const byRetained = (a: number, b: number): number => retainedByIndex[b] - retainedByIndex[a] || a - b;
    for (const c of children) c.sort(byRetained);
    top.sort(byRetained);
    const domChildStart = new Uint32Array(nodeCount + 1);
    for (let v = 0; v < nodeCount; v++) domChildStart[v + 1] = domChildStart[v] + children[v].length;

    const topLevel = Uint32Array.from(top);
    const graphChildren = Uint32Array.from(children.flat());
    const graph: HeapGraph = {
      parsed,
      nodeCount,
      idOf: (index) => idByIndex[index],
      allIds: () => Float64Array.from(idByIndex),
      classByIndex,
      kindByIndex,
      ordinalByIndex,
      indexByClass,
      shallowByIndex,
      succStart,
      succ,
      pseudoEdges,
      rootTypesByIndex,
      rootMaskByIndex: Uint32Array.from({ length: nodeCount }, (_, v) => (rootTypesByIndex.has(v) ? 1 : 0)),
      idomByIndex,
      retainedByIndex,
      dominatedCount: (parent) => (parent === -1 ? topLevel.length : domChildStart[parent + 1] - domChildStart[parent]),
      sortedChildren: (parent) => (parent === -1 ? topLevel : graphChildren.subarray(domChildStart[parent], domChildStart[parent + 1])),
      retainedByClass: new Float64Array(this.classes.length),
      findIndex,
      classOf: (index) => classByIndex[index],
    };
    const source = {
      reads: 0,
      async read(offset: number, length: number): Promise<Uint8Array> {
        source.reads++;
        return dump.subarray(offset, Math.min(dump.length, offset + length));
      },
    };
    return {
      graph,
      source,
      idx: (id) => {
        const v = findIndex(id);
        if (v < 0) throw new Error(`no object 0x${id.toString(16)}`);
        return v;
      },
    };
  }
}

const BasicTypeNames: Record<number, string> = {
  [BasicType.Boolean]: 'boolean',
  [BasicType.Char]: 'char',
  [BasicType.Float]: 'float',
  [BasicType.Double]: 'double',
  [BasicType.Byte]: 'byte',
  [BasicType.Short]: 'short',
  [BasicType.Int]: 'int',
  [BasicType.Long]: 'long',
};

/** Field definitions in a line: `f('value', BasicType.Object)`. */
export function f(name: string, type: BasicType): FieldDef {
  return { name, type };
}
