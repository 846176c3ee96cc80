// A tiny text format for flow graphs in tests: one line per node, `a -> b c`, the root is named `root`.
// Lines may repeat a source (edges accumulate); `#` starts a comment; a bare name declares an isolated node.

import { NO_NODE, type DominatorTree, type SuccessorGraph } from '../dominators/types.ts';

export interface NamedGraph extends SuccessorGraph {
  names: string[];
  indexOf(name: string): number;
}

/** Parses `a -> b c` lines into a CSR graph. Nodes are numbered in order of first appearance. */
export function parseGraph(text: string): NamedGraph {
  const names: string[] = [];
  const byName = new Map<string, number>();
  const node = (name: string): number => {
    let i = byName.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      byName.set(name, i);
    }
    return i;
  };
  const edges: Array<[number, number]> = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const arrow = line.indexOf('->');
    const left = (arrow < 0 ? line : line.slice(0, arrow)).trim().split(/\s+/);
    if (left.length !== 1 || !left[0]) throw new Error(`graph-text: one source name expected in "${raw}"`);
    const from = node(left[0]);
    if (arrow < 0) continue;
    for (const to of line
      .slice(arrow + 2)
      .trim()
      .split(/\s+/))
      if (to) edges.push([from, node(to)]);
  }
  const root = byName.get('root');
  if (root === undefined) throw new Error('graph-text: no node named "root"');
  return { ...fromEdgeList(names.length, root, edges), names, indexOf: (name) => byName.get(name) ?? -1 };
}

/** Builds a CSR graph from an edge list, keeping each node's edges in list order. */
export function fromEdgeList(nodeCount: number, root: number, edges: ReadonlyArray<readonly [number, number]>): SuccessorGraph {
  const succStart = new Uint32Array(nodeCount + 1);
  for (const [from] of edges) succStart[from + 1]++;
  for (let v = 0; v < nodeCount; v++) succStart[v + 1] += succStart[v];
  const fill = succStart.slice(0, nodeCount);
  const succ = new Uint32Array(edges.length);
  for (const [from, to] of edges) succ[fill[from]++] = to;
  return { nodeCount, root, succStart, succ };
}

/** Readable digest of a dominator tree: one `node <- idom` line per reachable non-root node, sorted by name. */
export function formatIdoms(tree: DominatorTree, names: readonly string[]): string {
  const lines: string[] = [];
  for (let v = 0; v < names.length; v++) {
    const d = tree.idom[v];
    if (d === NO_NODE) lines.push(`${names[v]} unreachable`);
    else if (d !== v) lines.push(`${names[v]} <- ${names[d]}`);
  }
  return lines.sort().join('\n');
}
