// Decodes an instance's field bytes with its class chain's layout: field lookups and reference values.

import { BasicType } from '../model/parsed-heap.ts';
import type { ObjectId, ObjectIndex } from '../units.ts';
import type { FieldLayout } from './class-info.ts';
import type { QueryContext } from './context.ts';
import { readId } from './object-reader.ts';

export interface DecodedInstance {
  layout: FieldLayout;
  fields: DataView;
}

/** Re-reads an instance (index must be an instance) and pairs its bytes with its class layout. */
export async function readInstance(ctx: QueryContext, index: ObjectIndex): Promise<DecodedInstance> {
  const layout = ctx.classes.layout(ctx.graph.classByIndex[index]);
  const record = await ctx.reader.instance(ctx.graph.ordinalByIndex[index], layout.sizeBytes);
  return { layout, fields: record.fields };
}

/** Position of a field by name (the most-derived declaration wins, as Java's field hiding), or -1. */
export function fieldPosition(layout: FieldLayout, name: string): number {
  return layout.names.indexOf(name);
}

/** The id held by reference field `pos` (0 = null). */
export function refAt(inst: DecodedInstance, pos: number, idSize: number): ObjectId {
  if (pos < 0 || inst.layout.types[pos] !== BasicType.Object) return 0;
  const off = inst.layout.offsets[pos];
  if (off + idSize > inst.fields.byteLength) return 0;
  return readId(inst.fields, off, idSize);
}

/** An int-like field (byte, short, char, int, boolean) by name, or undefined when absent. */
export function intField(inst: DecodedInstance, name: string): number | undefined {
  const pos = fieldPosition(inst.layout, name);
  if (pos < 0) return undefined;
  const off = inst.layout.offsets[pos];
  const v = inst.fields;
  switch (inst.layout.types[pos]) {
    case BasicType.Boolean:
    case BasicType.Byte:
      return off + 1 <= v.byteLength ? v.getInt8(off) : undefined;
    case BasicType.Char:
      return off + 2 <= v.byteLength ? v.getUint16(off) : undefined;
    case BasicType.Short:
      return off + 2 <= v.byteLength ? v.getInt16(off) : undefined;
    case BasicType.Int:
      return off + 4 <= v.byteLength ? v.getInt32(off) : undefined;
    default:
      return undefined;
  }
}

/** Names of the reference fields of `inst` that hold `targetId`, in layout order. */
export function fieldsHolding(inst: DecodedInstance, targetId: ObjectId, idSize: number): number[] {
  const out: number[] = [];
  for (const pos of inst.layout.refFieldPositions) {
    if (refAt(inst, pos, idSize) === targetId) out.push(pos);
  }
  return out;
}
