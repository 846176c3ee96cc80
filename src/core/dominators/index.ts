// The dominator module's public surface: SEMI-NCA dominators, retained sizes, dominator-tree children and MAT's
// per-class minimum retained size. Pure typed-array code with no other imports.

export { implicitSuccessor, NO_NODE, type DominatorTree, type ImplicitEdges, type PreorderTree, type SuccessorGraph } from './types.ts';
export {
  computeDominators,
  dominatorsInPreorder,
  finishDominatorTree,
  preorderTree,
  withIdomByNode,
  type PreorderDominators,
} from './semi-nca.ts';
export { dominatorsCHK } from './cooper-harvey-kennedy.ts';
export { retainedByNode, retainedInPreorderAndByClass, retainedSizes, retainedSizesAndByClass, type RetainedColumn } from './retained.ts';
export { childrenOfIdoms, dominatorChildren, sortChildrenByKey, type DominatorChildren } from './children.ts';
export { minRetainedByClass } from './class-retained.ts';
