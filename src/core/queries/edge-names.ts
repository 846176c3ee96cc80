// Names of the references from one object to another (`next`, `[3]`, `<class>`, `<super>`, `<classloader>`,
// `<static> NAME`, `<Java Local>`...). Resolved from memory when the reader's reference list pins the fields down
// (no null reference field: the i-th id is the i-th reference field), else by re-reading the referrer.

import { BasicType } from '../model/parsed-heap.ts';
import type { ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { fieldsHolding, readInstance } from './instance-fields.ts';

export interface EdgeName {
  name: string;
  /** The field is java.lang.ref.Reference.referent. */
  referent: boolean;
}

/** Elements read per chunk when scanning an object array for an id. */
const SCAN_CHUNK = 16384;

/** Names known without reading the dump: class-level edges, pseudo edges, statics, and instance or array
 *  references when no reference slot is null. Returns null when the object's bytes are needed. */
export function edgeNamesSync(ctx: QueryContext, from: ObjectIndex, to: ObjectIndex): EdgeName[] | null {
  const g = ctx.graph;
  const out: EdgeName[] = [];
  const targetId = g.idByIndex[to];
  if (ctx.isClassObject(from)) {
    const rec = ctx.parsed.classes[g.classRecordByIndex[from]];
    if (ctx.classObjectOf(from) === to) out.push({ name: '<class>', referent: false });
    if (rec.superId !== 0 && ctx.indexOfId(rec.superId) === to) out.push({ name: '<super>', referent: false });
    if (ctx.loaderIndex(rec.loaderId) === to) out.push({ name: '<classloader>', referent: false });
    for (const f of rec.staticFields) {
      if (f.type === BasicType.Object && f.value === targetId && targetId !== 0) out.push({ name: '<static> ' + f.name, referent: false });
    }
    for (const e of ctx.pseudoEdgesFrom(from)) if (e.to === to) out.push({ name: e.name, referent: false });
    return out;
  }
  const ordinal = g.ordinalByIndex[from];
  if (ordinal >= 0 && ctx.classObjectOf(from) === to) out.push({ name: '<class>', referent: false });
  for (const e of ctx.pseudoEdgesFrom(from)) if (e.to === to) out.push({ name: e.name, referent: false });
  if (ordinal < 0 || ctx.isPrimitiveArray(from)) return out;

  const { refStart, refIds } = ctx.parsed;
  const first = refStart[ordinal];
  const count = refStart[ordinal + 1] - first;
  let referenceSlots: number;
  if (ctx.isObjectArray(from)) referenceSlots = ctx.parsed.arrayLengthByOrdinal[ordinal];
  else referenceSlots = ctx.classes.layout(g.classByIndex[from]).refFieldPositions.length;
  let holds = false;
  for (let j = 0; j < count; j++) {
    if (refIds[first + j] === targetId) {
      holds = true;
      break;
    }
  }
  if (!holds) return out;
  if (count !== referenceSlots) return null;
  if (ctx.isObjectArray(from)) {
    for (let j = 0; j < count; j++) if (refIds[first + j] === targetId) out.push({ name: `[${j}]`, referent: false });
    return out;
  }
  const layout = ctx.classes.layout(g.classByIndex[from]);
  const referentPos = ctx.classes.referentPosition(g.classByIndex[from]);
  for (let j = 0; j < count; j++) {
    if (refIds[first + j] === targetId) {
      const pos = layout.refFieldPositions[j];
      out.push({ name: layout.names[pos], referent: pos === referentPos });
    }
  }
  return out;
}

/** All names of the references `from` -> `to`, re-reading `from` when needed. */
export async function edgeNames(ctx: QueryContext, from: ObjectIndex, to: ObjectIndex): Promise<EdgeName[]> {
  const known = edgeNamesSync(ctx, from, to);
  if (known) return known;
  const g = ctx.graph;
  const out: EdgeName[] = [];
  if (ctx.classObjectOf(from) === to) out.push({ name: '<class>', referent: false });
  for (const e of ctx.pseudoEdgesFrom(from)) if (e.to === to) out.push({ name: e.name, referent: false });
  const targetId = g.idByIndex[to];
  const idSize = ctx.parsed.idSize;
  if (ctx.isObjectArray(from)) {
    const ordinal = g.ordinalByIndex[from];
    const length = ctx.parsed.arrayLengthByOrdinal[ordinal];
    for (let start = 0; start < length; start += SCAN_CHUNK) {
      const range = await ctx.reader.arrayRange(ordinal, start, SCAN_CHUNK);
      for (let k = 0; k < range.count; k++) {
        const id = idSize === 4 ? range.elements.getUint32(4 * k) : range.elements.getUint32(8 * k) * 0x100000000 + range.elements.getUint32(8 * k + 4);
        if (id === targetId) out.push({ name: `[${start + k}]`, referent: false });
      }
      // The first chunk with a match is enough to name the reference; a huge array is not read to its end.
      if (out.some((n) => n.name.startsWith('['))) break;
    }
    return out;
  }
  const inst = await readInstance(ctx, from);
  const referentPos = ctx.classes.referentPosition(g.classByIndex[from]);
  for (const pos of fieldsHolding(inst, targetId, idSize)) out.push({ name: inst.layout.names[pos], referent: pos === referentPos });
  return out;
}

export function joinNames(names: EdgeName[]): string {
  return names.length === 0 ? '?' : names.map((n) => n.name).join(', ');
}
