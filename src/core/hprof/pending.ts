// Objects whose class is not known when they are read (hand-built dumps can put a CLASS DUMP after its instances):
// instance field bytes are kept aside, bounded, and decoded at the end; the references CSR is then rebuilt in
// ordinal order (ObjectTable.insertRefs).

import { LimitExceededError } from '../errors.ts';
import { toHex } from '../units.ts';
import type { ClassTable } from './class-table.ts';
import { grownCapacity } from './columns.ts';

export interface ResolveInput {
  classes: ClassTable;
  idSize: number;
  classByOrdinal: Uint32Array;
  warnings: string[];
}

const TWO_32 = 4294967296;

export class PendingObjects {
  private bytes = new Uint8Array(0);
  private bytesUsed = 0;
  private readonly instOrdinals: number[] = [];
  private readonly instClassIds: number[] = [];
  private readonly instStart: number[] = [];
  private readonly instLength: number[] = [];
  private readonly arrayOrdinals: number[] = [];
  private readonly arrayClassIds: number[] = [];

  constructor(private readonly maxBytes: number) {}

  isEmpty(): boolean {
    return this.instOrdinals.length === 0 && this.arrayOrdinals.length === 0;
  }

  addInstance(ordinal: number, classId: number, fields: Uint8Array, abs: number): void {
    if (this.bytesUsed + fields.length > this.maxBytes) {
      throw new LimitExceededError(`more than ${this.maxBytes} bytes of instances appear before their class dump`, abs);
    }
    if (this.bytesUsed + fields.length > this.bytes.length) {
      const next = new Uint8Array(grownCapacity(this.bytes.length, this.bytesUsed + fields.length, 1, 'pending instances'));
      next.set(this.bytes.subarray(0, this.bytesUsed));
      this.bytes = next;
    }
    this.bytes.set(fields, this.bytesUsed);
    this.instOrdinals.push(ordinal);
    this.instClassIds.push(classId);
    this.instStart.push(this.bytesUsed);
    this.instLength.push(fields.length);
    this.bytesUsed += fields.length;
  }

  addArray(ordinal: number, classId: number): void {
    this.arrayOrdinals.push(ordinal);
    this.arrayClassIds.push(classId);
  }

  /** Sets the classes of pending objects; returns their references by ordinal (to merge into the CSR). */
  resolve(input: ResolveInput): { extraByOrdinal: Map<number, number[]>; extra: number } {
    const { classes, idSize, classByOrdinal, warnings } = input;
    const missing = new Set<number>();
    const classFor = (classId: number, array: boolean): number => {
      let ci = classes.classIndexById.get(classId);
      if (ci === undefined) {
        missing.add(classId);
        const name = classes.nameById.get(classId) ?? `<unknown class ${toHex(classId)}>`;
        ci = classes.addSynthetic(array && !name.endsWith('[]') ? name + '[]' : name, classId, 0);
      }
      return ci;
    };
    for (let i = 0; i < this.arrayOrdinals.length; i++) {
      classByOrdinal[this.arrayOrdinals[i]] = classFor(this.arrayClassIds[i], true);
    }
    const extraByOrdinal = new Map<number, number[]>();
    for (let i = 0; i < this.instOrdinals.length; i++) {
      const ci = classFor(this.instClassIds[i], false);
      classByOrdinal[this.instOrdinals[i]] = ci;
      const layout = classes.layout(ci);
      const refs: number[] = [];
      if (layout === null) {
        missing.add(this.instClassIds[i]);
      } else {
        const base = this.instStart[i];
        const limit = this.instLength[i] - idSize;
        for (const off of layout) {
          if (off > limit) break;
          const p = base + off;
          const ref = idSize === 4 ? u4(this.bytes, p) : u4(this.bytes, p) * TWO_32 + u4(this.bytes, p + 4);
          if (ref !== 0 && ref < 2 ** 53) refs.push(ref);
        }
      }
      if (refs.length > 0) extraByOrdinal.set(this.instOrdinals[i], refs);
    }
    if (missing.size > 0) {
      warnings.push(
        `${missing.size} class(es) used by objects have no CLASS DUMP (or an incomplete superclass chain), e.g. ${toHex(
          missing.values().next().value as number,
        )}; their instances have no references`,
      );
    }
    let extra = 0;
    for (const refs of extraByOrdinal.values()) extra += refs.length;
    return { extraByOrdinal, extra };
  }
}

function u4(buf: Uint8Array, p: number): number {
  return ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
}
