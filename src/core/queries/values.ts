// Formats primitive field and element values (big-endian, as HPROF writes them) as the plain text the inspector shows.

import { BasicType } from '../model/parsed-heap.ts';

/** Shortest decimal text that reads back as the same float32 (so 3.1f shows "3.1", not 3.0999999046325684). */
function formatFloat32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0)) return '-0.0';
  for (let p = 1; p <= 9; p++) {
    const text = v.toPrecision(p);
    if (Math.fround(Number(text)) === v) return tidyNumber(Number(text));
  }
  return tidyNumber(v);
}

function formatFloat64(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0)) return '-0.0';
  return tidyNumber(v);
}

/** Java spells whole floating values with ".0". */
function tidyNumber(v: number): string {
  const text = String(v);
  return /^-?\d+$/.test(text) ? text + '.0' : text;
}

/** A char as itself when printable, else as a \uXXXX escape. */
export function formatChar(code: number): string {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
    return '\\u' + code.toString(16).padStart(4, '0');
  }
  return String.fromCharCode(code);
}

/** The value of a primitive at `pos` in `view`, as text. */
export function formatPrimitive(view: DataView, pos: number, type: BasicType): string {
  switch (type) {
    case BasicType.Boolean:
      return view.getUint8(pos) !== 0 ? 'true' : 'false';
    case BasicType.Byte:
      return String(view.getInt8(pos));
    case BasicType.Char:
      return formatChar(view.getUint16(pos));
    case BasicType.Short:
      return String(view.getInt16(pos));
    case BasicType.Int:
      return String(view.getInt32(pos));
    case BasicType.Long:
      return view.getBigInt64(pos).toString();
    case BasicType.Float:
      return formatFloat32(view.getFloat32(pos));
    case BasicType.Double:
      return formatFloat64(view.getFloat64(pos));
    default:
      return '?';
  }
}

/** A static field's value as ParsedHeap holds it (number or bigint), as text. */
export function formatStaticPrimitive(value: number | bigint, type: BasicType): string {
  if (typeof value === 'bigint') return value.toString();
  switch (type) {
    case BasicType.Boolean:
      return value !== 0 ? 'true' : 'false';
    case BasicType.Char:
      return formatChar(value);
    case BasicType.Float:
      return formatFloat32(Math.fround(value));
    case BasicType.Double:
      return formatFloat64(value);
    default:
      return String(value);
  }
}
