// Wire types of the treemap: its nodes, their growth against a baseline, chains of single children, and its
// options. Plain data (structured-clone safe), re-exported by ../api.ts.

import type { Bytes, ClassIndex, HexAddress, ObjectIndex } from '../units.ts';

export interface TreemapNode {
  /** -1 for the virtual root, -2 for a folded "N others" node, -3 for a class box (the children of one class). */
  index: ObjectIndex;
  address?: HexAddress;
  className: string;
  label?: string;
  retainedBytes: Bytes;
  /** Its own shallow bytes (for a folded node: 0). */
  shallowBytes: Bytes;
  /** For a folded node or a class box: how many objects it stands for. */
  foldedCount?: number;
  /** For a folded node or a class box: the node whose children it stands for (-1: the virtual root). */
  parent?: ObjectIndex;
  /** For a class box: the class of the children it stands for (an "N others" box inside a class box: theirs). */
  classIndex?: ClassIndex;
  /** A chain of single children starting at this object, folded into its box: the box's children are the end's. */
  chain?: TreemapChain;
  children?: TreemapNode[];
}

/** A node of the current dump in a diff with the retained bytes of its dominator-tree path in each dump, in the
 *  node's share (its retained size over its path's in the current dump): what a treemap box coloured by growth
 *  shows (src/core/tree-diff.ts). */
export interface NodeGrowth {
  index: ObjectIndex;
  baseline: Bytes;
  current: Bytes;
}

/** A chain of single children in a treemap box: from the box's object down to its end, `length` objects. */
export interface TreemapChain {
  length: number;
  /** Whether they are all of the start's class. */
  sameClass: boolean;
  /** The first node with no child or several, and its dominator (the chain's last object) for zooming. */
  end: TreemapNode;
  last: { index: ObjectIndex; address: HexAddress };
}

export interface TreemapOptions {
  /** Levels below the root to include. Default 4. */
  depth?: number;
  /** Total nodes at most. Default 2,000. */
  maxNodes?: number;
  /** Children under this fraction of the root's retained size are folded into "N others", or into one box per
   *  class where a class's small children together reach it. Default 0.002. */
  minFraction?: number;
  /** Only the root's children of this class (the root box is then the class box, index -3). */
  ofClass?: ClassIndex;
  /** The root's children all as class boxes, one per class (what an "N others" box stands for, opened). */
  byClass?: boolean;
}
