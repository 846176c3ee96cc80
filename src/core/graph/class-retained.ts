// The per-class minimum retained size exactly as MAT's histogram shows it (min_retained, "quick approx."):
// MAT sums the retained sizes of the top ancestors in the dominator tree of the class's instances *and its class
// object*; for java.lang.Class, whose class object is also one of its instances, that object is listed twice and,
// when it is a top ancestor, counted twice. Measured on every corpus dump (MAT calls the value a lower bound,
// docs/mat-semantics.md); built on the dominator module's per-class pass (instances only).

import {
  retainedByNode,
  retainedInPreorderAndByClass,
  withIdomByNode,
  type PreorderTree,
  type RetainedColumn,
} from '../dominators/index.ts';
import { classRecordOf, KIND_CLASS, type ClassColumn } from './heap-graph.ts';

/** The node columns the per-class pass reads (a KeptGraph's). */
export interface MatRetainedColumns {
  classByIndex: ClassColumn;
  kindByIndex: Uint8Array;
  ordinalByIndex: Int32Array;
  indexByClass: Uint32Array;
  javaLangClass: number;
}

/** First half: retained sizes by preorder number and min_retained of every class but java.lang.Class; the
 *  pass's scratch arrays are pushed onto `spent` (see retainedInPreorderAndByClass). */
export function matRetainedInPreorder(
  tree: PreorderTree,
  shallowByIndex: Float64Array | Uint32Array,
  kept: MatRetainedColumns,
  classCount: number,
  spent: ArrayBufferView[] = [],
): { retainedByPre: RetainedColumn; retainedByClass: Float64Array } {
  const { classByIndex, kindByIndex, ordinalByIndex, javaLangClass } = kept;
  const n = kindByIndex.length;
  // Every class object counted under its own class (with that class's instances): relabelled in place for the
  // pass (no copy of the column), then put back (a class object's class is java.lang.Class).
  for (let v = 0; v < n; v++) if (kindByIndex[v] === KIND_CLASS) classByIndex[v] = classRecordOf(ordinalByIndex, v);
  const half = retainedInPreorderAndByClass(tree, shallowByIndex, classByIndex, classCount, spent);
  for (let v = 0; v < n; v++) if (kindByIndex[v] === KIND_CLASS) classByIndex[v] = javaLangClass;
  return half;
}

/**
 * Second half: retained sizes by node, the idom column by node (made here, last, so that it is not resident
 * under the steps before; written over `retainedByPre` when that is a Uint32 column of the right length, else
 * allocated), and java.lang.Class's min_retained. `retainedByPre` is pushed onto `spent` unless reused.
 */
export function matRetainedFinish(
  tree: PreorderTree,
  retainedByPre: RetainedColumn,
  retainedByClass: Float64Array,
  kept: MatRetainedColumns,
  spent: ArrayBufferView[] = [],
): { retained: RetainedColumn; retainedByClass: Float64Array; idom: Uint32Array } {
  const { classByIndex, kindByIndex, indexByClass, javaLangClass } = kept;
  const n = kindByIndex.length;
  const retainedByIndex = retainedByNode(tree, retainedByPre);
  const { idom } = withIdomByNode(tree, retainedByPre instanceof Uint32Array ? retainedByPre : undefined);
  if (idom !== retainedByPre) spent.push(retainedByPre);
  // java.lang.Class itself: its instances are all class objects and the primitive mirrors. They sit near the
  // top of the dominator tree (class objects are mostly System Class roots), so walking up from each is short.
  let total = 0;
  for (let v = 0; v < n; v++) {
    if (classByIndex[v] !== javaLangClass) continue;
    let top = true;
    for (let d = idom[v]; d < n && d !== v; d = idom[d]) {
      if (classByIndex[d] === javaLangClass) {
        top = false;
        break;
      }
    }
    if (!top) continue;
    total += retainedByIndex[v];
    if (v === indexByClass[javaLangClass]) total += retainedByIndex[v]; // listed twice by MAT
  }
  retainedByClass[javaLangClass] = total;
  return { retained: retainedByIndex, retainedByClass, idom };
}
