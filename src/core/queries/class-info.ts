// Per-class facts the queries need and compute once, lazily: the superclass chain, the instance field layout
// (most-derived class first, as HotSpot writes INSTANCE DUMP field bytes; heapDumper.cpp dump_instance_fields),
// and flags for the classes the queries treat specially (String, named Thread/ThreadGroup/Module, URL, Reference).

import { BasicType, type FieldDef, type ParsedHeap } from '../model/parsed-heap.ts';
import type { ClassIndex } from '../units.ts';

/** Instance field layout of a class: parallel arrays over every field of the chain, most-derived first. */
export interface FieldLayout {
  names: string[];
  types: BasicType[];
  /** Byte offset of each field inside the instance's field bytes. */
  offsets: number[];
  /** ClassIndex that declares each field. */
  declaredBy: ClassIndex[];
  /** Total field bytes (what the INSTANCE DUMP length should say). */
  sizeBytes: number;
  /** Positions (into the arrays above) of the reference fields, in order. */
  refFieldPositions: number[];
}

export function basicTypeSize(type: BasicType, idSize: number): number {
  switch (type) {
    case BasicType.Object:
      return idSize;
    case BasicType.Boolean:
    case BasicType.Byte:
      return 1;
    case BasicType.Char:
    case BasicType.Short:
      return 2;
    case BasicType.Float:
    case BasicType.Int:
      return 4;
    case BasicType.Double:
    case BasicType.Long:
      return 8;
    default:
      return 0;
  }
}

export function basicTypeName(type: BasicType): string {
  switch (type) {
    case BasicType.Object:
      return 'object';
    case BasicType.Boolean:
      return 'boolean';
    case BasicType.Char:
      return 'char';
    case BasicType.Float:
      return 'float';
    case BasicType.Double:
      return 'double';
    case BasicType.Byte:
      return 'byte';
    case BasicType.Short:
      return 'short';
    case BasicType.Int:
      return 'int';
    case BasicType.Long:
      return 'long';
    default:
      return 'unknown';
  }
}

const FLAG_STRING = 1;
/** Labelled by its `name` field: java.lang.Thread, java.lang.ThreadGroup (and subclasses), java.lang.Module. */
const FLAG_NAMED = 2;
const FLAG_REFERENCE = 4;
const FLAG_URL = 8;
/** android.graphics.Bitmap (or a subclass): labelled by its size and where its pixels are. */
const FLAG_BITMAP = 16;
const FLAG_COMPUTED = 128;

export class ClassInfo {
  private readonly parsed: ParsedHeap;
  private readonly layouts = new Map<ClassIndex, FieldLayout>();
  private readonly flagsByClass: Uint8Array;
  /** ClassIndex of the bootstrap java.lang.ref.Reference (declares `referent`), or -1. */
  readonly referenceClass: ClassIndex;

  constructor(parsed: ParsedHeap) {
    this.parsed = parsed;
    this.flagsByClass = new Uint8Array(parsed.classes.length);
    this.referenceClass = parsed.classes.findIndex((c) => c.name === 'java.lang.ref.Reference');
  }

  /** The class and its superclasses, most-derived first. Stops at a missing superclass or a cycle. */
  chain(classIndex: ClassIndex): ClassIndex[] {
    const out: ClassIndex[] = [];
    let c: number | undefined = classIndex;
    while (c !== undefined && c >= 0 && out.length < 1024 && !out.includes(c)) {
      out.push(c);
      const superId: number = this.parsed.classes[c].superId;
      c = superId === 0 ? undefined : this.parsed.classIndexById.get(superId);
    }
    return out;
  }

  layout(classIndex: ClassIndex): FieldLayout {
    let layout = this.layouts.get(classIndex);
    if (layout) return layout;
    const names: string[] = [];
    const types: BasicType[] = [];
    const offsets: number[] = [];
    const declaredBy: ClassIndex[] = [];
    const refFieldPositions: number[] = [];
    let offset = 0;
    for (const c of this.chain(classIndex)) {
      const fields: FieldDef[] = this.parsed.classes[c].instanceFields;
      for (const f of fields) {
        if (f.type === BasicType.Object) refFieldPositions.push(names.length);
        names.push(f.name);
        types.push(f.type);
        offsets.push(offset);
        declaredBy.push(c);
        offset += basicTypeSize(f.type, this.parsed.idSize);
      }
    }
    layout = { names, types, offsets, declaredBy, sizeBytes: offset, refFieldPositions };
    this.layouts.set(classIndex, layout);
    return layout;
  }

  private flags(classIndex: ClassIndex): number {
    let f = this.flagsByClass[classIndex];
    if (f & FLAG_COMPUTED) return f;
    f = FLAG_COMPUTED;
    for (const c of this.chain(classIndex)) {
      const name = this.parsed.classes[c].name;
      if (name === 'java.lang.String' && c === classIndex) f |= FLAG_STRING;
      else if (name === 'java.lang.Thread' || name === 'java.lang.ThreadGroup') f |= FLAG_NAMED;
      else if (name === 'java.lang.ref.Reference') f |= FLAG_REFERENCE;
      else if (name === 'java.lang.Module' && c === classIndex) f |= FLAG_NAMED;
      else if (name === 'java.net.URL' && c === classIndex) f |= FLAG_URL;
      else if (name === 'android.graphics.Bitmap') f |= FLAG_BITMAP;
    }
    this.flagsByClass[classIndex] = f;
    return f;
  }

  isString(classIndex: ClassIndex): boolean {
    return (this.flags(classIndex) & FLAG_STRING) !== 0;
  }

  /** Thread, ThreadGroup (or a subclass) or Module: labelled by its `name` field, as MAT's name resolvers. */
  isNamed(classIndex: ClassIndex): boolean {
    return (this.flags(classIndex) & FLAG_NAMED) !== 0;
  }

  isUrl(classIndex: ClassIndex): boolean {
    return (this.flags(classIndex) & FLAG_URL) !== 0;
  }

  isBitmap(classIndex: ClassIndex): boolean {
    return (this.flags(classIndex) & FLAG_BITMAP) !== 0;
  }

  /** java.lang.ref.Reference or any subclass (Weak/Soft/Phantom/Final references, WeakHashMap entries...). */
  isReference(classIndex: ClassIndex): boolean {
    return (this.flags(classIndex) & FLAG_REFERENCE) !== 0;
  }

  /** Position in the layout of the `referent` field declared by java.lang.ref.Reference, or -1. */
  referentPosition(classIndex: ClassIndex): number {
    if (!this.isReference(classIndex)) return -1;
    const layout = this.layout(classIndex);
    for (let p = 0; p < layout.names.length; p++) {
      if (layout.names[p] === 'referent' && this.parsed.classes[layout.declaredBy[p]].name === 'java.lang.ref.Reference') {
        return p;
      }
    }
    return -1;
  }
}
