// The class table built while reading: CLASS DUMP records, names from LOAD CLASS, and per-class instance layouts
// (the byte offsets of reference fields in an INSTANCE DUMP's field data, whole superclass chain, most-derived
// class first, as heapDumper.cpp writes them).

import type { ClassRecord } from '../model/parsed-heap.ts';
import { matClassName, primitiveArrayClassName, primitiveArrayTypeOfName } from '../model/class-names.ts';
import { basicTypeSize } from './constants.ts';
import { toHex } from '../units.ts';

const NO_LAYOUT = null;
/** Longest superclass chain accepted; a longer one is a cycle or corrupt data. */
const MAX_CHAIN = 10_000;

export class ClassTable {
  readonly classes: ClassRecord[] = [];
  readonly classIndexById = new Map<number, number>();
  /** MAT names of classes by class object id, from LOAD CLASS records. */
  readonly nameById = new Map<number, string>();
  /** ClassIndex of `boolean[]`..`long[]` by BasicType, -1 until seen. */
  readonly primitiveArrayClass = new Int32Array(12).fill(-1);
  private refOffsets: (Int32Array | null)[] = [];
  private fieldBytes: number[] = [];

  constructor(private readonly idSize: number) {}

  /** Adds a CLASS DUMP; returns its ClassIndex, or -1 if the id was already dumped (the first record wins). */
  add(rec: Omit<ClassRecord, 'name'>): number {
    if (this.classIndexById.has(rec.id)) return -1;
    const name = this.nameById.get(rec.id) ?? `class@${toHex(rec.id)}`;
    const index = this.classes.length;
    this.classes.push({ ...rec, name });
    this.classIndexById.set(rec.id, index);
    this.refOffsets.push(NO_LAYOUT);
    this.fieldBytes.push(-1);
    const prim = primitiveArrayTypeOfName(name);
    if (prim !== 0 && this.primitiveArrayClass[prim] < 0) this.primitiveArrayClass[prim] = index;
    return index;
  }

  setLoadClassName(classId: number, jvmName: string): void {
    this.nameById.set(classId, matClassName(jvmName));
  }

  /** A class created because the dump lacks it (primitive array classes; classes of instances never dumped). */
  addSynthetic(name: string, id: number, superId: number): number {
    const index = this.classes.length;
    this.classes.push({
      id,
      name,
      superId,
      loaderId: 0,
      dumpInstanceSize: 0,
      instanceFields: [],
      staticFields: [],
      fileOffset: -1,
      synthetic: true,
    });
    if (!this.classIndexById.has(id)) this.classIndexById.set(id, index);
    this.refOffsets.push(new Int32Array(0));
    this.fieldBytes.push(0);
    const prim = primitiveArrayTypeOfName(name);
    if (prim !== 0 && this.primitiveArrayClass[prim] < 0) this.primitiveArrayClass[prim] = index;
    return index;
  }

  /** Offsets of reference fields in an instance's field bytes, or null while a superclass is not dumped yet. */
  layout(classIndex: number): Int32Array | null {
    const cached = this.refOffsets[classIndex];
    if (cached !== null) return cached;
    const offsets: number[] = [];
    let offset = 0;
    let cls: ClassRecord | undefined = this.classes[classIndex];
    for (let depth = 0; cls !== undefined; depth++) {
      if (depth > MAX_CHAIN) return null;
      for (const f of cls.instanceFields) {
        if (f.type === 2) offsets.push(offset);
        offset += basicTypeSize(f.type, this.idSize);
      }
      if (cls.superId === 0) break;
      const superIndex = this.classIndexById.get(cls.superId);
      if (superIndex === undefined) return null;
      cls = this.classes[superIndex];
    }
    const result = Int32Array.from(offsets);
    this.refOffsets[classIndex] = result;
    this.fieldBytes[classIndex] = offset;
    return result;
  }

  /** Bytes of instance field data for the class (valid after layout() returned non-null). */
  instanceFieldBytes(classIndex: number): number {
    return this.fieldBytes[classIndex];
  }

  /** ClassIndex for primitive arrays of a BasicType, creating the class (as MAT does) when the dump has none. */
  primitiveArrayClassIndex(basicType: number, syntheticId: () => number): number {
    let index = this.primitiveArrayClass[basicType];
    if (index < 0) {
      index = this.addSynthetic(primitiveArrayClassName(basicType)!, syntheticId(), this.objectClassId());
    }
    return index;
  }

  /** Id of java.lang.Object's class object, or 0. */
  objectClassId(): number {
    for (const c of this.classes) if (c.name === 'java.lang.Object' && c.superId === 0) return c.id;
    return 0;
  }
}
