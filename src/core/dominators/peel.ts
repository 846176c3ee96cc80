// Shrinking the dominator problem before SEMI-NCA (semi-nca.ts), exactly: leaves with one predecessor are peeled
// off the flow graph, repeatedly, and get their idoms afterwards.
//
// The rule. Let R be the root's successors. Two kinds of edge can be dropped without changing any node's
// dominators:
// - an edge into the root, and a self loop (no path from the root needs either);
// - an edge u -> r into a node r of R, u not the root: idom(r) is the root through the edge root -> r, and a path
//   that uses u -> r can be replaced by root -> r followed by the same suffix, whose nodes are among the old
//   path's and the root, so every node that is on every path to some x before the drop still is after it.
// In what remains, call v peelable when v is not the root, has exactly one incoming edge, from p, and has no
// outgoing edge except to peelable nodes. Then:
// - idom(v) = p: every path to v ends with p -> v, so p dominates v, and v's only predecessor is p.
// - Removing v (and its edges) changes no other node's dominators: v has no successor that is not removed with
//   it, so no path to a remaining node runs through v.
// Peeling leaves one at a time (Kahn's order: a node is peeled once every successor it has is peeled) removes
// exactly the peelable nodes; after each removal the rule holds again in the graph that is left, so the whole is
// exact by induction. A node is reachable from the root iff its predecessor is. Edges are counted as stored, so
// a node referenced twice by one object (the object -> class edge and a field to the same class, or a repeated
// edge in a hand-made graph) has two incoming edges and is not peeled: conservative, still exact. Unreachable
// predecessors are counted too: a node with one reachable referrer and one unreachable one stays.
//
// Off by default (DominatorOptions.peel): on the heaps measured it removes too little to pay for its pass over the
// edges. docs/dominator-peeling.md has the figures, and why contracting single-predecessor chains and not counting
// object -> class edges (which would remove more) are not done: both need a repair step to stay exact.
//
// Cost: one pass over every edge with a random read-modify-write of its target's slot (independent accesses, which
// the CPU overlaps), one sequential pass over the nodes, and a few random accesses per peeled node.

import { NO_NODE, type SuccessorGraph } from './types.ts';

/** In-degree states kept in a node's PRE entry while peeling (before the DFS sets it to NO_NODE). */
const ONE = 1;
const MANY = 2;
/** The root and its successors: edges into them are dropped (see above); a peeled R node's idom is the root. */
const ROOTED = 3;

/** What peelLeaves found. */
export interface Peeled {
  /** Peeled nodes, a bit per node (the DFS skips them). */
  bits: Uint32Array;
  /** How many were peeled; the list is list[list.length - count ..], last peeled first. */
  count: number;
}

/**
 * Peels the leaves (see above) using the DFS's node slots as scratch. `info` has PACKED entries per node (zero
 * on entry); `list` is a node-sized array (the DFS's parentByPre: the DFS only writes its first entries, fewer
 * than the unpeeled nodes). On return the peeled nodes' predecessors are in their PRED entry (offset 1), the
 * other entries are scratch for the DFS's set-up to overwrite (PRED with 0 for the nodes not peeled), and the
 * peeled nodes are at the end of `list`, last peeled first.
 */
export function peelLeaves(
  g: SuccessorGraph,
  classOf: Uint16Array | Uint32Array,
  nodeOfClass: Uint32Array,
  info: Uint32Array,
  list: Uint32Array,
): Peeled {
  const { nodeCount, succStart, succ, root } = g;
  const classCount = nodeOfClass.length;
  const bits = new Uint32Array((nodeCount >>> 5) + 1);
  info[3 * root] = ROOTED;
  {
    const k = classOf[root] < classCount ? nodeOfClass[classOf[root]] : NO_NODE;
    if (k !== NO_NODE) info[3 * k] = ROOTED;
    for (let e = succStart[root], end = succStart[root + 1]; e < end; e++) info[3 * succ[e]] = ROOTED;
  }
  // In-degrees (ONE with the predecessor in PRED, or MANY) and the out-degree that counts (PARENT).
  for (let u = 0; u < nodeCount; u++) {
    let out = 0;
    const c = classOf[u];
    const k = c < classCount ? nodeOfClass[c] : NO_NODE;
    if (k !== NO_NODE && k !== u) {
      const s = info[3 * k];
      if (s !== ROOTED) {
        out++;
        if (s === 0) {
          info[3 * k] = ONE;
          info[3 * k + 1] = u;
        } else info[3 * k] = MANY;
      }
    }
    for (let e = succStart[u], end = succStart[u + 1]; e < end; e++) {
      const t = succ[e];
      if (t === u) continue;
      const s = info[3 * t];
      if (s === ROOTED) continue;
      out++;
      if (s === 0) {
        info[3 * t] = ONE;
        info[3 * t + 1] = u;
      } else info[3 * t] = MANY;
    }
    info[3 * u + 2] = out;
  }
  // Kahn's order: the list is its own queue, written and read downwards from its end.
  let write = list.length;
  for (let v = 0; v < nodeCount; v++) {
    if (v === root || info[3 * v + 2] !== 0) continue;
    const s = info[3 * v];
    if (s === ONE || s === ROOTED) {
      list[--write] = v;
      bits[v >>> 5] |= 1 << (v & 31);
    }
  }
  for (let read = list.length; read > write;) {
    const v = list[--read];
    const t = 3 * v;
    if (info[t] === ROOTED) {
      info[t + 1] = root;
      continue;
    }
    const p = info[t + 1];
    const sp = 3 * p;
    if (--info[sp + 2] === 0 && p !== root) {
      const s = info[sp];
      if (s === ONE || s === ROOTED) {
        list[--write] = p;
        bits[p >>> 5] |= 1 << (p & 31);
      }
    }
  }
  return { bits, count: list.length - write };
}
