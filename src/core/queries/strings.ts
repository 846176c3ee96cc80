// Decodes java.lang.String values from the dump: JDK 9+ compact strings (`value` byte[] + `coder`, JEP 254) and
// JDK 8 and older (`value` char[], with `offset`/`count` when the class has them, JDK 6).
// HotSpot writes a byte[] as raw bytes, so a UTF-16 (coder 1) value is in the JVM's native order (StringUTF16
// stores chars in machine order): little-endian on x86 and AArch64. char[] elements are written big-endian.

import { BasicType } from '../model/parsed-heap.ts';
import type { ObjectId, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { fieldPosition, intField, readInstance, refAt } from './instance-fields.ts';

/** Longest String value the inspector shows. */
export const STRING_VALUE_CHARS = 4000;

const ELLIPSIS = '\u2026';

/** Latin-1 bytes to text (chunked: fromCharCode takes a bounded argument list). */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 8192)));
  }
  return out;
}

function unitsFromBytes(bytes: Uint8Array, littleEndian: boolean): Uint16Array {
  const n = bytes.length >> 1;
  const units = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const a = bytes[2 * i];
    const b = bytes[2 * i + 1];
    units[i] = littleEndian ? a | (b << 8) : (a << 8) | b;
  }
  return units;
}

/** Lower is more plausible text: few distinct high bytes (one script block) and no broken surrogate pairs. */
function implausibility(units: Uint16Array): number {
  const highs = new Set<number>();
  let broken = 0;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    highs.add(u >> 8);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 1 < units.length ? units[i + 1] : -1;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else if (i + 1 < units.length) broken++;
    } else if (u >= 0xdc00 && u <= 0xdfff) broken++;
  }
  return highs.size + 4 * broken;
}

/** UTF-16 bytes of a compact string. Native little-endian unless big-endian reads as clearly better text
 *  (the dump does not record the JVM's byte order). */
export function decodeUtf16Bytes(bytes: Uint8Array): string {
  const le = unitsFromBytes(bytes, true);
  const be = unitsFromBytes(bytes, false);
  const units = implausibility(be) < implausibility(le) ? be : le;
  return unitsToString(units);
}

export function unitsToString(units: Uint16Array): string {
  let out = '';
  for (let i = 0; i < units.length; i += 8192) {
    out += String.fromCharCode.apply(null, Array.from(units.subarray(i, i + 8192)));
  }
  return out;
}

/** Clips to `maxChars` code units without splitting a surrogate pair, marking the cut with an ellipsis. */
export function clipText(text: string, maxChars: number, totalChars = text.length): string {
  if (totalChars <= maxChars && text.length <= maxChars) return text;
  let cut = Math.min(maxChars, text.length);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return text.slice(0, cut) + ELLIPSIS;
}

/**
 * The value of the java.lang.String at `index`, clipped to `maxChars`, or null when it cannot be decoded
 * (no `value` field, or `value` is null or not in the dump).
 */
export async function decodeString(ctx: QueryContext, index: ObjectIndex, maxChars: number): Promise<string | null> {
  const inst = await readInstance(ctx, index);
  const valueId = refAt(inst, fieldPosition(inst.layout, 'value'), ctx.parsed.idSize);
  const valueIndex = ctx.indexOfId(valueId);
  if (valueIndex < 0) return null;
  const ordinal = ctx.graph.ordinalByIndex[valueIndex];
  if (ordinal < 0) return null;
  const kind = ctx.graph.kindByIndex[valueIndex];
  const length = ctx.parsed.arrayLengthByOrdinal[ordinal];

  if (kind === BasicType.Char) {
    // JDK 8 and older; JDK 6 strings share a char[] through offset/count.
    let start = intField(inst, 'offset') ?? 0;
    let count = intField(inst, 'count') ?? length - start;
    start = Math.min(Math.max(0, start), length);
    count = Math.min(Math.max(0, count), length - start);
    return readChars(ctx, ordinal, start, count, maxChars);
  }
  if (kind === BasicType.Byte) {
    const coder = intField(inst, 'coder') ?? 0;
    if (coder === 1) {
      const chars = length >> 1;
      const n = Math.min(chars, maxChars + 1);
      const range = await ctx.reader.arrayRange(ordinal, kind, 0, 2 * n);
      const bytes = new Uint8Array(range.elements.buffer, range.elements.byteOffset, range.elements.byteLength);
      return clipText(decodeUtf16Bytes(bytes), maxChars, chars);
    }
    const n = Math.min(length, maxChars);
    const range = await ctx.reader.arrayRange(ordinal, kind, 0, n);
    const bytes = new Uint8Array(range.elements.buffer, range.elements.byteOffset, range.elements.byteLength);
    return clipText(decodeLatin1(bytes), maxChars, length);
  }
  return null;
}

/** Text of char[] elements start .. start+count, clipped. */
export async function readChars(ctx: QueryContext, ordinal: number, start: number, count: number, maxChars: number): Promise<string> {
  // One extra unit so a surrogate pair at the cut is seen whole.
  const n = Math.min(count, maxChars + 1);
  const range = await ctx.reader.arrayRange(ordinal, BasicType.Char, start, n);
  const units = new Uint16Array(range.count);
  for (let i = 0; i < range.count; i++) units[i] = range.elements.getUint16(2 * i);
  return clipText(unitsToString(units), maxChars, count);
}

/** A String field of an instance already read, or null (absent, null, or not a String). */
async function stringField(
  ctx: QueryContext,
  inst: Awaited<ReturnType<typeof readInstance>>,
  name: string,
  maxChars: number,
): Promise<string | null> {
  const index = ctx.indexOfId(refAt(inst, fieldPosition(inst.layout, name), ctx.parsed.idSize));
  if (index < 0 || !ctx.isInstance(index) || !ctx.classes.isString(ctx.graph.classByIndex[index])) return null;
  return decodeString(ctx, index, maxChars);
}

/** A java.net.URL as text: protocol://host[:port]file[#ref] (`file` holds the path and the query). */
export async function decodeUrl(ctx: QueryContext, index: ObjectIndex, maxChars: number): Promise<string | null> {
  const inst = await readInstance(ctx, index);
  const protocol = await stringField(ctx, inst, 'protocol', maxChars);
  if (protocol === null) return null;
  const host = (await stringField(ctx, inst, 'host', maxChars)) ?? '';
  const port = intField(inst, 'port') ?? -1;
  const file = (await stringField(ctx, inst, 'file', maxChars)) ?? '';
  const ref = await stringField(ctx, inst, 'ref', maxChars);
  const text = `${protocol}://${host}${port >= 0 ? ':' + port : ''}${file}${ref !== null ? '#' + ref : ''}`;
  return clipText(text, maxChars);
}

/** The `name` field of a Thread, ThreadGroup or Module (a String; a char[] in JDK 1.4 threads), or null (unnamed). */
export async function decodeNameField(ctx: QueryContext, index: ObjectIndex, maxChars: number): Promise<string | null> {
  const inst = await readInstance(ctx, index);
  const nameId: ObjectId = refAt(inst, fieldPosition(inst.layout, 'name'), ctx.parsed.idSize);
  const nameIndex = ctx.indexOfId(nameId);
  if (nameIndex < 0) return null;
  if (ctx.isInstance(nameIndex) && ctx.classes.isString(ctx.graph.classByIndex[nameIndex])) {
    return decodeString(ctx, nameIndex, maxChars);
  }
  const ordinal = ctx.graph.ordinalByIndex[nameIndex];
  if (ordinal >= 0 && ctx.graph.kindByIndex[nameIndex] === BasicType.Char) {
    return readChars(ctx, ordinal, 0, ctx.parsed.arrayLengthByOrdinal[ordinal], maxChars);
  }
  return null;
}
