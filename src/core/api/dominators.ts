// Wire types of the dominator tree's queries: children grouped by class, the top of the tree, chains of single
// children, and MAT's immediate dominators of a class. Plain data, re-exported by ../api.ts.

import type { Bytes, ClassIndex, ObjectIndex } from '../units.ts';
import type { ObjectRow, Page } from './rows.ts';

/** The children of one dominator-tree node that are of one class. */
export interface ClassGroupRow {
  classIndex: ClassIndex;
  className: string;
  /** Children of this class. */
  count: number;
  shallowBytes: Bytes;
  /** Summed retained sizes (exact: dominator subtrees are disjoint). */
  retainedBytes: Bytes;
}

/** A node's children in the dominator tree grouped by class, over all of them (MAT's "Group by class"). */
export interface ChildrenByClass {
  /** -1: the virtual root. */
  parent: ObjectIndex;
  /** All children of the node, whatever page of classes is asked: these totals never change with the page. */
  children: number;
  shallowBytes: Bytes;
  retainedBytes: Bytes;
  /** Classes, largest summed retained first. */
  page: Page<ClassGroupRow>;
}

/** A chain of single children in the dominator tree (a linked list, a wrapper around a wrapper...): from the
 *  only child of a node down while each node has exactly one child. */
/** The largest part of the dominator tree within a depth: every node carries its parent (-1 for a top-level
 *  dominator), parents come before their children, and nodes are in order of retained size, largest first. */
export interface DominatorTop {
  nodes: (ObjectRow & { parent: ObjectIndex | -1 })[];
  /** How many top-level dominators the whole analysis has. */
  topLevel: number;
}

export interface DominatorChain {
  /** The chain's first node (the asked object). */
  start: ObjectRow;
  /** Nodes from the start down to, not including, the end. */
  length: number;
  /** Whether they are all of the start's class. */
  sameClass: boolean;
  /** The first node with no child or several: where the chain opens to. */
  end: ObjectRow;
}

/** How immediateDominators groups. */
export interface ImmediateDominatorsOptions {
  /** Dominators whose class name matches this regular expression (the whole name, as Java's matches()) are
   *  passed over for their own dominator. Default MAT's `java\..*|javax\..*|com\.sun\..*|sun\..*|jdk\..*`; '' skips nothing. */
  skip?: string;
}

/** One row of immediateDominators: the dominators of one class (or the virtual root) and what they hold. */
export interface ImmediateDominatorRow {
  /** The dominators' class; MAT's "<ROOT>" for objects with no dominator outside the skipped classes. */
  className: string;
  /** -1 for the "<ROOT>" row. */
  classIndex: ClassIndex | -1;
  /** Distinct dominators (0 in the "<ROOT>" row). */
  dominators: number;
  /** Objects of the asked class that these dominators hold. */
  dominated: number;
  dominatorShallowBytes: Bytes;
  dominatedShallowBytes: Bytes;
  /** The largest of the dominators by retained size, at most five. */
  largest: ObjectRow[];
}

/** MAT's Immediate Dominators query over all objects of one class: what keeps them alive, by class. */
export interface ImmediateDominators {
  classIndex: ClassIndex;
  className: string;
  /** Objects of the class (class objects count as instances of java.lang.Class). */
  objects: number;
  /** The skip pattern used. */
  skip: string;
  /** Largest dominated shallow bytes first. */
  rows: ImmediateDominatorRow[];
}
