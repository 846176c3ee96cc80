// Immediate dominators by the iterative data-flow algorithm of Cooper, Harvey and Kennedy: repeat, in reverse
// postorder, idom(b) = intersection of the processed predecessors' dominator chains, until nothing changes.
// Reference: K. D. Cooper, T. J. Harvey, K. Kennedy, "A Simple, Fast Dominance Algorithm", 2001.
// Kept independent of semi-nca.ts (its own DFS, postorder numbering, full predecessor lists) so that tests can
// check one against the other; it is not used by the analysis.

import { checkSuccessorGraph, materializeImplicit, NO_NODE, type SuccessorGraph } from './types.ts';

/** Immediate dominator by node: idom[root] = root, NO_NODE for unreachable nodes. */
export function dominatorsCHK(graph: SuccessorGraph): Uint32Array {
  checkSuccessorGraph(graph);
  const g = materializeImplicit(graph);
  const nodeCount = g.nodeCount;
  const { succStart, succ, root } = g;

  // Postorder numbers by an iterative DFS that pushes a node's successors and emits it after all of them.
  const postByNode = new Uint32Array(nodeCount).fill(NO_NODE);
  const visited = new Uint8Array(nodeCount);
  const byPost: number[] = [];
  const stackNode: number[] = [root];
  const stackEdge: number[] = [succStart[root]];
  visited[root] = 1;
  while (stackNode.length > 0) {
    const top = stackNode.length - 1;
    const v = stackNode[top];
    const e = stackEdge[top];
    if (e < succStart[v + 1]) {
      stackEdge[top] = e + 1;
      const t = succ[e];
      if (!visited[t]) {
        visited[t] = 1;
        stackNode.push(t);
        stackEdge.push(succStart[t]);
      }
    } else {
      postByNode[v] = byPost.length;
      byPost.push(v);
      stackNode.pop();
      stackEdge.pop();
    }
  }

  // Full predecessor lists (reachable sources only).
  const preds: number[][] = Array.from({ length: nodeCount }, () => []);
  for (let u = 0; u < nodeCount; u++) {
    if (!visited[u]) continue;
    for (let e = succStart[u]; e < succStart[u + 1]; e++) preds[succ[e]].push(u);
  }

  // idom in postorder space; the root has the highest postorder number.
  const count = byPost.length;
  const idomByPost = new Uint32Array(count).fill(NO_NODE);
  const rootPost = count - 1;
  idomByPost[rootPost] = rootPost;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (a < b) a = idomByPost[a];
      while (b < a) b = idomByPost[b];
    }
    return a;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let b = rootPost - 1; b >= 0; b--) {
      let next = NO_NODE;
      for (const p of preds[byPost[b]]) {
        const pp = postByNode[p];
        if (idomByPost[pp] === NO_NODE) continue;
        next = next === NO_NODE ? pp : intersect(pp, next);
      }
      if (next !== idomByPost[b]) {
        idomByPost[b] = next;
        changed = true;
      }
    }
  }

  const idom = new Uint32Array(nodeCount).fill(NO_NODE);
  for (let b = 0; b < count; b++) idom[byPost[b]] = byPost[idomByPost[b]];
  return idom;
}
