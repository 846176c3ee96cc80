// Duplicate strings: the java.lang.String objects grouped by value, and what keeping one copy of each value would
// free. MAT answers this with "Group by value" on java.lang.String (exact) and samples 100 arrays per class in its
// component report; this is the exact answer, over every String of the heap.
//
// Two sweeps in file order through a windowed reader, so that the dump is read in large slices rather than one
// small read per object: the String records (their `value` array, `coder`, and JDK 6's `offset`/`count`), then
// the value arrays, whose bytes are hashed. Equal values have equal bytes: a String's array holds its characters
// (Latin-1 or UTF-16 by `coder`, or char[] before JDK 9), and the key is the bytes' two 32-bit hashes plus their
// length and encoding. Two different values with the same 64-bit key would be merged: about one chance in 10^6
// with 10 M distinct values.
//
// Memory while it runs: about 50 bytes per String (seven columns, the groups' keys, a half-full table of 4-byte
// slots), plus the 1 MiB windows.
//
// Wasted bytes of a value: what keeping one String per value would free. The shallow sizes of its other Strings,
// plus their arrays unless a String that stays uses them too (G1's string deduplication makes Strings share an
// array; JDK 6 substrings share one across values).

import type { DuplicateStringGroup, DuplicateStrings } from '../api.ts';
import { BasicType } from '../model/parsed-heap.ts';
import type { ObjectIndex } from '../units.ts';
import { NO_NODE, type QueryContext } from './context.ts';
import { fieldPosition, intField, refAt } from './instance-fields.ts';
import { escapeControls } from './labels.ts';
import { ObjectReader, type RandomAccess } from './object-reader.ts';
import { decodeString } from './strings.ts';
import { UNSCHEDULED, type PassControl } from './passes.ts';

/** Characters of a value shown per group. */
export const VALUE_CHARS = 200;
/** Groups returned, largest waste first. */
export const MAX_GROUPS = 1000;
/** Bytes read at once by the sweeps. */
const WINDOW_BYTES = 1 << 20;
/** StringValues.count of a String whose value could not be read. */
const UNREAD = 0xffffffff;
const LATIN1_BYTES = 0;
const UTF16_BYTES = 1;
const CHARS = 2;

/** A RandomAccess that reads `windowBytes` at a time and serves the reads that fall inside the last window. */
export function windowedAccess(source: RandomAccess, windowBytes = WINDOW_BYTES): RandomAccess & { reads: number } {
  let start = 0;
  let bytes: Uint8Array = new Uint8Array(0);
  const access = {
    reads: 0,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (offset >= start && offset + length <= start + bytes.length) return bytes.subarray(offset - start, offset - start + length);
      access.reads++;
      bytes = await source.read(offset, Math.max(windowBytes, length));
      start = offset;
      return bytes.subarray(0, Math.min(length, bytes.length));
    },
  };
  return access;
}

/** What each String holds: its value array and the part of it that is the value. */
interface StringValues {
  strings: Uint32Array;
  valueIndex: Uint32Array;
  /** LATIN1_BYTES, UTF16_BYTES (a JDK 9+ byte[] by `coder`) or CHARS (a char[], JDK 8 and older). */
  encoding: Uint8Array;
  /** First element and element count within the array (JDK 6 Strings share arrays through offset/count). */
  first: Uint32Array;
  count: Uint32Array;
  /** Strings whose value could not be read (null, missing from the dump, a truncated record). */
  unreadable: number;
}

export async function duplicateStrings(
  ctx: QueryContext,
  source: RandomAccess,
  pass: PassControl = UNSCHEDULED,
): Promise<DuplicateStrings> {
  const values = await readStringRecords(ctx, source, pass);
  const { strings, valueIndex } = values;
  const n = strings.length;
  const g = ctx.graph;

  // Sweep 2: the value arrays in file order, hashed into groups (open addressing over the 64-bit keys).
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => ordinalOf(ctx, valueIndex[a]) - ordinalOf(ctx, valueIndex[b]));
  // The slots hold group numbers only (4 bytes, at most half full); each group's key is kept by group.
  let capacity = 1024;
  while (capacity < 2 * n) capacity *= 2;
  const slotGroup = new Int32Array(capacity).fill(-1);
  const keyA = new Uint32Array(n);
  const keyB = new Uint32Array(n);
  const keyLength = new Uint32Array(n);
  const groupOf = new Int32Array(n).fill(-1);
  const groupSize = new Uint32Array(n);
  let groups = 0;
  const reader = new ObjectReader(ctx.parsed, windowedAccess(source));
  let last = -1; // the String read last
  let unreadable = values.unreadable;
  pass.step('hashing the values', 0, n);
  let done = 0;
  for (const i of order) {
    if ((++done & 0xff) === 0) await pass.checkpoint(done);
    if (values.count[i] === UNREAD) continue; // unreadable in sweep 1
    const array = valueIndex[i];
    const encoding = values.encoding[i];
    // Strings sharing an array and a range (G1's deduplication, JDK 6 substrings) share a value: one read.
    if (last >= 0 && sameValueSlice(values, last, i)) {
      groupOf[i] = groupOf[last];
      groupSize[groupOf[last]]++;
      continue;
    }
    let bytes: Uint8Array;
    try {
      const kind = encoding === CHARS ? BasicType.Char : BasicType.Byte;
      const range = await reader.arrayRange(g.ordinalByIndex[array], kind, values.first[i], values.count[i]);
      bytes = new Uint8Array(range.elements.buffer, range.elements.byteOffset, range.elements.byteLength);
    } catch {
      unreadable++;
      continue;
    }
    const [a, b] = hash64(bytes, encoding);
    let slot = a & (capacity - 1);
    for (let k = slotGroup[slot]; k >= 0 && !(keyA[k] === a && keyB[k] === b && keyLength[k] === bytes.length); k = slotGroup[slot]) {
      slot = (slot + 1) & (capacity - 1);
    }
    if (slotGroup[slot] < 0) {
      keyA[groups] = a;
      keyB[groups] = b;
      keyLength[groups] = bytes.length;
      slotGroup[slot] = groups++;
    }
    const group = slotGroup[slot];
    groupOf[i] = group;
    groupSize[group]++;
    last = i;
  }

  // Waste per group. The String that stays for each value is the one at the lowest address (any choice frees as
  // many Strings; this one makes the answer independent of the sweep's order). An array is freed when no staying
  // String uses it: counted once, for the first value found using it.
  const keptOf = new Int32Array(groups).fill(-1);
  for (let i = 0; i < n; i++) {
    const group = groupOf[i];
    if (group >= 0 && (keptOf[group] < 0 || strings[i] < strings[keptOf[group]])) keptOf[group] = i;
  }
  const arrayMark = new Uint32Array(Math.ceil(g.nodeCount / 32));
  const mark = (v: number): boolean => {
    const bit = 1 << (v & 31);
    if ((arrayMark[v >>> 5] & bit) !== 0) return false;
    arrayMark[v >>> 5] |= bit;
    return true;
  };
  for (let k = 0; k < groups; k++) mark(valueIndex[keptOf[k]]);
  const wasted = new Float64Array(groups);
  for (const i of order) {
    const group = groupOf[i];
    if (group < 0 || keptOf[group] === i) continue;
    wasted[group] += g.shallowByIndex[strings[i]];
    if (mark(valueIndex[i])) wasted[group] += g.shallowByIndex[valueIndex[i]];
  }

  let duplicates = 0;
  let wastedBytes = 0;
  const duplicated: number[] = [];
  for (let k = 0; k < groups; k++) {
    if (groupSize[k] < 2) continue;
    duplicates += groupSize[k] - 1;
    wastedBytes += wasted[k];
    duplicated.push(k);
  }
  duplicated.sort((x, y) => wasted[y] - wasted[x] || groupSize[y] - groupSize[x] || strings[keptOf[x]] - strings[keptOf[y]]);
  const shown = duplicated.slice(0, MAX_GROUPS);
  const out: DuplicateStringGroup[] = [];
  pass.step('reading the duplicated values', 0, shown.length);
  for (const k of shown) {
    await pass.checkpoint(out.length);
    const i = keptOf[k];
    const sample = strings[i];
    const text = await decodeString(ctx, sample, VALUE_CHARS).catch(() => null);
    out.push({
      value: text === null ? '' : escapeControls(text),
      chars: values.encoding[i] === UTF16_BYTES ? values.count[i] >>> 1 : values.count[i],
      strings: groupSize[k],
      wastedBytes: wasted[k],
      sample: ctx.row(sample),
    });
  }
  return {
    strings: n,
    unreadable,
    distinct: groups,
    duplicatedValues: duplicated.length,
    duplicates,
    wastedBytes,
    groups: out,
  };
}

function ordinalOf(ctx: QueryContext, index: ObjectIndex): number {
  return index === NO_NODE ? -1 : ctx.graph.ordinalByIndex[index];
}

/** Whether Strings `a` and `b` are the same elements of the same array. */
function sameValueSlice(values: StringValues, a: number, b: number): boolean {
  return (
    values.valueIndex[a] === values.valueIndex[b] &&
    values.first[a] === values.first[b] &&
    values.count[a] === values.count[b] &&
    values.encoding[a] === values.encoding[b]
  );
}

/** Sweep 1: every String's value array and range, reading the String records in file order. */
async function readStringRecords(ctx: QueryContext, source: RandomAccess, pass: PassControl): Promise<StringValues> {
  const g = ctx.graph;
  const list: number[] = [];
  pass.step('finding the Strings', 0, g.nodeCount);
  for (let v = 0; v < g.nodeCount; v++) {
    if ((v & 0xffff) === 0) await pass.checkpoint(v);
    if (ctx.isInstance(v) && ctx.classes.isString(g.classByIndex[v])) list.push(v);
  }
  list.sort((a, b) => g.ordinalByIndex[a] - g.ordinalByIndex[b]);
  const n = list.length;
  const strings = Uint32Array.from(list);
  const valueIndex = new Uint32Array(n).fill(NO_NODE);
  const encoding = new Uint8Array(n);
  const first = new Uint32Array(n);
  const count = new Uint32Array(n).fill(UNREAD);
  let unreadable = 0;
  const reader = new ObjectReader(ctx.parsed, windowedAccess(source));
  const idSize = ctx.parsed.idSize;
  pass.step('reading the Strings', 0, n);
  for (let i = 0; i < n; i++) {
    if ((i & 0xff) === 0) await pass.checkpoint(i);
    const s = strings[i];
    const layout = ctx.classes.layout(g.classByIndex[s]);
    try {
      const record = await reader.instance(g.ordinalByIndex[s], layout.sizeBytes);
      const inst = { layout, fields: record.fields };
      const array = ctx.indexOfId(refAt(inst, fieldPosition(layout, 'value'), idSize));
      const kind = array >= 0 ? g.kindByIndex[array] : -1;
      const ordinal = array >= 0 ? g.ordinalByIndex[array] : -1;
      if (ordinal < 0 || (kind !== BasicType.Byte && kind !== BasicType.Char)) {
        unreadable++;
        continue;
      }
      const length = ctx.parsed.arrayLengthByOrdinal[ordinal];
      let from = 0;
      let units = length;
      if (kind === BasicType.Char) {
        from = Math.min(Math.max(0, intField(inst, 'offset') ?? 0), length);
        units = Math.min(Math.max(0, intField(inst, 'count') ?? length - from), length - from);
        encoding[i] = CHARS;
      } else {
        encoding[i] = (intField(inst, 'coder') ?? 0) === 1 ? UTF16_BYTES : LATIN1_BYTES;
      }
      valueIndex[i] = array;
      first[i] = from;
      count[i] = units;
    } catch {
      unreadable++;
    }
  }
  return { strings, valueIndex, encoding, first, count, unreadable };
}

/** Two independent 32-bit hashes (FNV-1a, and a multiply-rotate hash) of the bytes and their encoding. */
function hash64(bytes: Uint8Array, encoding: number): [number, number] {
  let a = 0x811c9dc5 ^ encoding;
  let b = 0x9747b28c ^ (bytes.length * 0x2f) ^ (encoding << 29);
  for (let i = 0; i < bytes.length; i++) {
    const x = bytes[i];
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul((b ^ x) + 0x7f4a7c15, 0x85ebca6b);
    b = (b << 13) | (b >>> 19);
  }
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  return [a >>> 0, (b ^ (b >>> 13)) >>> 0];
}
