// Field reads for the collection walkers: an instance's fields, a reference or long field by name, an id as an
// object array or instance of the dump, and an object array's slots a chunk at a time.

import { BasicType } from '../model/parsed-heap.ts';
import type { ObjectId, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { fieldPosition, intField, refAt, type DecodedInstance } from './instance-fields.ts';
import { readId, type ObjectReader } from './object-reader.ts';

/** An instance read through `reader`, with its class layout. */
export async function readFields(ctx: QueryContext, reader: ObjectReader, index: ObjectIndex): Promise<DecodedInstance> {
  const layout = ctx.classes.layout(ctx.graph.classByIndex[index]);
  const record = await reader.instance(ctx.graph.ordinalByIndex[index], layout.sizeBytes);
  return { layout, fields: record.fields };
}

export function refField(ctx: QueryContext, inst: DecodedInstance, name: string): ObjectId {
  return refAt(inst, fieldPosition(inst.layout, name), ctx.parsed.idSize);
}

export function hasField(inst: DecodedInstance, name: string): boolean {
  return fieldPosition(inst.layout, name) >= 0;
}

/** A long field (CounterCell.value), or undefined. */
export function longField(inst: DecodedInstance, name: string): number | undefined {
  const pos = fieldPosition(inst.layout, name);
  if (pos < 0) return undefined;
  if (inst.layout.types[pos] !== BasicType.Long) return intField(inst, name);
  const off = inst.layout.offsets[pos];
  return off + 8 <= inst.fields.byteLength ? Number(inst.fields.getBigInt64(off)) : undefined;
}

/** The object array an id stands for, or -1 (null, missing from the dump, or not an object array). */
export function objectArray(ctx: QueryContext, id: ObjectId): ObjectIndex {
  const index = ctx.indexOfId(id);
  return index >= 0 && ctx.isObjectArray(index) && ctx.graph.ordinalByIndex[index] >= 0 ? index : -1;
}

export function arrayLength(ctx: QueryContext, index: ObjectIndex): number {
  return index < 0 ? 0 : ctx.parsed.arrayLengthByOrdinal[ctx.graph.ordinalByIndex[index]];
}

/** An instance an id stands for, or -1. */
export function instanceOf(ctx: QueryContext, id: ObjectId): ObjectIndex {
  const index = ctx.indexOfId(id);
  return index >= 0 && ctx.isInstance(index) ? index : -1;
}

/** Slots of an object array, `chunk` ids at a time (a huge table is never read whole). */
export async function* slots(
  ctx: QueryContext,
  reader: ObjectReader,
  array: ObjectIndex,
  from = 0,
  to = arrayLength(ctx, array),
): AsyncGenerator<ObjectId> {
  if (array < 0) return;
  const idSize = ctx.parsed.idSize;
  const ordinal = ctx.graph.ordinalByIndex[array];
  const chunk = 4096;
  for (let start = from; start < to; start += chunk) {
    const range = await reader.arrayRange(ordinal, ctx.graph.kindByIndex[array], start, Math.min(chunk, to - start));
    for (let k = 0; k < range.count; k++) yield readId(range.elements, k * idSize, idSize);
  }
}
