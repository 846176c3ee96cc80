// The per-class minimum retained size exactly as MAT's histogram shows it (min_retained, "quick approx."):
// MAT sums the retained sizes of the top ancestors in the dominator tree of the class's instances *and its class
// object*; for java.lang.Class, whose class object is also one of its instances, that object is listed twice and,
// when it is a top ancestor, counted twice. Measured on every corpus dump (the corpus README calls the value a
// lower bound); built on the dominator module's per-class pass (instances only).

import { minRetainedByClass, NO_NODE, type DominatorTree } from '../dominators/index.ts';
import { KIND_CLASS } from './heap-graph.ts';

export function matMinRetainedByClass(
  tree: DominatorTree,
  retainedByIndex: Float64Array,
  classByIndex: Uint32Array,
  kindByIndex: Uint8Array,
  classRecordByIndex: Int32Array,
  indexByClass: Uint32Array,
  javaLangClass: number,
  classCount: number,
): Float64Array {
  const n = kindByIndex.length;
  // Pass 1: every class object counted under its own class (with that class's instances).
  const withClassObject = classByIndex.slice();
  for (let v = 0; v < n; v++) if (kindByIndex[v] === KIND_CLASS) withClassObject[v] = classRecordByIndex[v];
  const result = minRetainedByClass(tree, retainedByIndex, withClassObject, classCount);
  // Pass 2 for java.lang.Class itself: class objects and primitive mirrors are its instances.
  const asInstances = minRetainedByClass(tree, retainedByIndex, classByIndex, classCount);
  let total = asInstances[javaLangClass];
  const own = indexByClass[javaLangClass];
  if (own !== NO_NODE) {
    let top = true;
    for (let d = tree.idom[own]; d !== NO_NODE && d < n && d !== own; d = tree.idom[d]) {
      if (classByIndex[d] === javaLangClass) {
        top = false;
        break;
      }
    }
    if (top) total += retainedByIndex[own];
  }
  result[javaLangClass] = total;
  return result;
}
