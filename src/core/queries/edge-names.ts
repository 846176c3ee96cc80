// Names of the references from one object to another (`next`, `[3]`, `<class>`, `<super>`, `<classloader>`,
// `<static> NAME`, `<Java Local> in Foo.bar(Foo.java:12)`...). Resolved from memory when the graph pins the field down
// (class objects, single-reference-field classes), else by re-reading the referrer.

import { BasicType, KIND_OBJECT_ARRAY } from '../model/parsed-heap.ts';
import type { ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { fieldsHolding, readInstance } from './instance-fields.ts';
import { readId } from './object-reader.ts';

export interface EdgeName {
  name: string;
  /** The field is java.lang.ref.Reference.referent. */
  referent: boolean;
}

/** Elements read per chunk when scanning an object array for an id. */
const SCAN_CHUNK = 16384;

/** Names known without reading the dump: class-level edges, pseudo edges, statics, and the field of a class
 *  with a single reference field. Returns null when the object's bytes are needed. */
export function edgeNamesSync(ctx: QueryContext, from: ObjectIndex, to: ObjectIndex): EdgeName[] | null {
  const g = ctx.graph;
  const out: EdgeName[] = [];
  const targetId = g.idOf(to);
  if (ctx.isClassObject(from)) {
    const rec = ctx.parsed.classes[ctx.classRecord(from)];
    if (ctx.classObjectOf(from) === to) out.push({ name: '<class>', referent: false });
    if (rec.superId !== 0 && ctx.indexOfId(rec.superId) === to) out.push({ name: '<super>', referent: false });
    if (ctx.loaderIndex(rec.loaderId) === to) out.push({ name: '<classloader>', referent: false });
    for (const f of rec.staticFields) {
      if (f.type === BasicType.Object && f.value === targetId && targetId !== 0) out.push({ name: '<static> ' + f.name, referent: false });
    }
    for (const e of ctx.pseudoEdgesFrom(from)) if (e.to === to) out.push({ name: ctx.stacks.edgeName(e), referent: false });
    return out;
  }
  const ordinal = g.ordinalByIndex[from];
  const isClassEdge = ordinal >= 0 && ctx.classObjectOf(from) === to;
  if (isClassEdge) out.push({ name: '<class>', referent: false });
  for (const e of ctx.pseudoEdgesFrom(from)) if (e.to === to) out.push({ name: ctx.stacks.edgeName(e), referent: false });
  if (ordinal < 0 || ctx.isPrimitiveArray(from)) return out;
  if (ctx.isObjectArray(from)) {
    // An array whose element is its own class object is too rare to scan a large array for on every
    // class-object referrer query: `<class>` alone names that edge.
    return isClassEdge ? out : null; // else the element index needs the array's bytes
  }
  const layout = ctx.classes.layout(g.classByIndex[from]);
  const refFields = layout.refFieldPositions;
  if (refFields.length === 0) return out;
  // The graph's edges say whether `to` is referenced at all; with one reference field, that field holds it
  // (unless the edge is already explained by <class> or a pseudo edge: then only the bytes can tell).
  if (out.length === 0 && refFields.length === 1 && hasEdge(ctx, from, to)) {
    const pos = refFields[0];
    out.push({ name: layout.names[pos], referent: pos === ctx.classes.referentPosition(g.classByIndex[from]) });
    return out;
  }
  if (!hasEdge(ctx, from, to)) return out;
  return null;
}

function hasEdge(ctx: QueryContext, from: ObjectIndex, to: ObjectIndex): boolean {
  const { succStart, succ } = ctx.graph;
  for (let e = succStart[from], end = succStart[from + 1]; e < end; e++) if (succ[e] === to) return true;
  return false;
}

/** All names of the references `from` -> `to`, re-reading `from` when needed. */
export async function edgeNames(ctx: QueryContext, from: ObjectIndex, to: ObjectIndex): Promise<EdgeName[]> {
  const known = edgeNamesSync(ctx, from, to);
  if (known) return known;
  const g = ctx.graph;
  const out: EdgeName[] = [];
  if (ctx.classObjectOf(from) === to) out.push({ name: '<class>', referent: false });
  for (const e of ctx.pseudoEdgesFrom(from)) if (e.to === to) out.push({ name: ctx.stacks.edgeName(e), referent: false });
  const targetId = g.idOf(to);
  const idSize = ctx.parsed.idSize;
  if (ctx.isObjectArray(from)) {
    const ordinal = g.ordinalByIndex[from];
    const length = ctx.parsed.arrayLengthByOrdinal[ordinal];
    for (let start = 0; start < length; start += SCAN_CHUNK) {
      const range = await ctx.reader.arrayRange(ordinal, KIND_OBJECT_ARRAY, start, SCAN_CHUNK);
      for (let k = 0; k < range.count; k++) {
        if (readId(range.elements, k * idSize, idSize) === targetId) out.push({ name: `[${start + k}]`, referent: false });
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
