// The inspector's view of one object: sizes, dominator, instance fields (re-read from the dump), a String's value,
// an array's first elements, a class's statics, superclass and loader. Plain strings only, never markup.

import type { FieldValue, ObjectDetails, ObjectRow } from '../api.ts';
import { BasicType } from '../model/parsed-heap.ts';
import { toHex, type ObjectId, type ObjectIndex } from '../units.ts';
import { basicTypeName, basicTypeSize } from './class-info.ts';
import { NO_NODE, type QueryContext } from './context.ts';
import { readInstance } from './instance-fields.ts';
import { fillLabels } from './labels.ts';
import { readId } from './object-reader.ts';
import { clipText, decodeLatin1, decodeString, STRING_VALUE_CHARS } from './strings.ts';
import { formatPrimitive, formatStaticPrimitive } from './values.ts';

/** Array elements shown in the inspector. */
export const ELEMENTS_PAGE = 100;
/** Text preview of char[] / byte[] contents. */
const ARRAY_PREVIEW_CHARS = 1000;

function referenceValue(ctx: QueryContext, name: string, id: ObjectId, isStatic: boolean): FieldValue {
  const field: FieldValue = { name, type: 'object', value: id === 0 ? null : toHex(id) };
  if (id !== 0) {
    const target = ctx.indexOfId(id);
    if (target >= 0) field.ref = ctx.row(target);
  }
  if (isStatic) field.isStatic = true;
  return field;
}

async function instanceFields(ctx: QueryContext, index: ObjectIndex): Promise<FieldValue[]> {
  const inst = await readInstance(ctx, index);
  const { layout, fields: view } = inst;
  const idSize = ctx.parsed.idSize;
  const out: FieldValue[] = [];
  for (let p = 0; p < layout.names.length; p++) {
    const type = layout.types[p];
    const off = layout.offsets[p];
    const name = layout.names[p];
    if (off + basicTypeSize(type, idSize) > view.byteLength) break; // record shorter than its class says
    if (type === BasicType.Object) out.push(referenceValue(ctx, name, readId(view, off, idSize), false));
    else out.push({ name, type: basicTypeName(type), value: formatPrimitive(view, off, type) });
  }
  return out;
}

/** Whether bytes look like text (printable ASCII and whitespace), for a byte[] preview. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (const b of bytes) if (!((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13)) return false;
  return true;
}

async function arrayDetails(ctx: QueryContext, index: ObjectIndex, details: ObjectDetails): Promise<void> {
  const ordinal = ctx.graph.ordinalByIndex[index];
  const kind = ctx.graph.kindByIndex[index];
  const length = ctx.parsed.arrayLengthByOrdinal[ordinal];
  details.arrayLength = length;
  const range = await ctx.reader.arrayRange(ordinal, kind, 0, ELEMENTS_PAGE);
  const idSize = ctx.parsed.idSize;
  const elements: FieldValue[] = [];
  if (range.elementType === BasicType.Object) {
    for (let k = 0; k < range.count; k++) elements.push(referenceValue(ctx, `[${k}]`, readId(range.elements, k * idSize, idSize), false));
  } else {
    const size = basicTypeSize(range.elementType, idSize);
    const type = basicTypeName(range.elementType);
    for (let k = 0; k < range.count; k++)
      elements.push({ name: `[${k}]`, type, value: formatPrimitive(range.elements, k * size, range.elementType) });
  }
  details.elements = elements;

  if (range.elementType === BasicType.Char && length > 0) {
    const n = Math.min(length, ARRAY_PREVIEW_CHARS + 1);
    const text = await ctx.reader.arrayRange(ordinal, kind, 0, n);
    let s = '';
    for (let k = 0; k < text.count; k++) s += String.fromCharCode(text.elements.getUint16(2 * k));
    details.stringValue = clipText(s, ARRAY_PREVIEW_CHARS, length);
  } else if (range.elementType === BasicType.Byte && length > 0) {
    const text = await ctx.reader.arrayRange(ordinal, kind, 0, Math.min(length, ARRAY_PREVIEW_CHARS));
    const bytes = new Uint8Array(text.elements.buffer, text.elements.byteOffset, text.elements.byteLength);
    if (looksLikeText(bytes)) details.stringValue = clipText(decodeLatin1(bytes), ARRAY_PREVIEW_CHARS, length);
  }
}

function classDetails(ctx: QueryContext, index: ObjectIndex, details: ObjectDetails): void {
  const rec = ctx.parsed.classes[ctx.classRecord(index)];
  details.fields = rec.staticFields.map((f) =>
    f.type === BasicType.Object
      ? referenceValue(ctx, f.name, typeof f.value === 'number' ? f.value : Number(f.value), true)
      : { name: f.name, type: basicTypeName(f.type), value: formatStaticPrimitive(f.value, f.type), isStatic: true },
  );
  const superIndex = rec.superId === 0 ? -1 : ctx.indexOfId(rec.superId);
  if (superIndex >= 0) details.superclass = ctx.row(superIndex);
  const loader = ctx.loaderIndex(rec.loaderId);
  if (loader >= 0) details.classLoader = ctx.row(loader);
}

export async function objectDetails(ctx: QueryContext, index: ObjectIndex): Promise<ObjectDetails> {
  ctx.assertIndex(index);
  const g = ctx.graph;
  const row = ctx.row(index);
  let kind: ObjectDetails['kind'];
  if (ctx.isClassObject(index)) kind = 'class';
  else if (ctx.isObjectArray(index)) kind = 'object-array';
  else if (ctx.isPrimitiveArray(index)) kind = 'primitive-array';
  else kind = 'instance';
  const details: ObjectDetails = { row, kind, fields: [] };
  const idom = g.idomByIndex[index];
  if (idom !== NO_NODE) details.dominator = ctx.row(idom);

  if (kind === 'class') classDetails(ctx, index, details);
  else if (g.ordinalByIndex[index] >= 0) {
    if (kind === 'instance') {
      details.fields = await instanceFields(ctx, index);
      if (ctx.classes.isString(g.classByIndex[index])) {
        const value = await decodeString(ctx, index, STRING_VALUE_CHARS);
        if (value !== null) details.stringValue = value;
      }
    } else await arrayDetails(ctx, index, details);
  }

  const rows: ObjectRow[] = [row];
  if (details.dominator) rows.push(details.dominator);
  if (details.superclass) rows.push(details.superclass);
  if (details.classLoader) rows.push(details.classLoader);
  for (const f of details.fields) if (f.ref) rows.push(f.ref);
  for (const e of details.elements ?? []) if (e.ref) rows.push(e.ref);
  await fillLabels(ctx, rows);
  return details;
}
