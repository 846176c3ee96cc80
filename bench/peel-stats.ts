// How much of a heap the dominator step peels off before SEMI-NCA (src/core/dominators/peel.ts):
// `node --import tsx bench/peel-stats.ts <dump> [--keep-unreachable]` prints one JSON line with the flow graph's
// nodes and edges (stored, root list and object -> class edges), the peeled nodes and the edges that go with them
// (each one's incoming edge and its outgoing ones), the peel's wall and CPU seconds, and the peeled nodes by kind.
// `relaxedBound` is an upper bound, not an exact peel: the nodes that would peel if object -> class edges never
// stopped a node from peeling (what a class-edge relaxation, docs/dominator-peeling.md, could at most remove).

import { peelLeaves } from '../src/core/dominators/peel.ts';
import { NO_NODE, type SuccessorGraph } from '../src/core/dominators/index.ts';
import { indexEdges, indexObjects, keepReachable } from '../src/core/graph/index.ts';
import { matSizeModel } from '../src/core/graph/size-model.ts';
import { readHprof } from '../src/core/hprof/read-hprof.ts';
import { nodeFileSource } from '../src/core/io/file-source.node.ts';
import { nodeInflaters } from '../src/core/io/inflate.node.ts';

const path = process.argv[2];
if (path === undefined) {
  console.error('usage: peel-stats.ts <dump> [--keep-unreachable]');
  process.exit(2);
}
const keep = process.argv.includes('--keep-unreachable');
const noop = (): void => {};
const { parsed } = await readHprof(nodeFileSource(path), { inflaters: nodeInflaters });
const objects = indexObjects(parsed, noop);
const indexed = indexEdges(parsed, objects, noop);
const kept = keepReachable(parsed, indexed, matSizeModel(parsed), keep, noop);
const nodeCount = kept.nodeCount + 1;
const g: SuccessorGraph = { nodeCount, root: kept.nodeCount, succStart: kept.succStart, succ: kept.succ };
const classOf = kept.classByIndex;
const nodeOfClass = kept.indexByClass;
const implicitOf = (v: number): number => (classOf[v] < nodeOfClass.length ? nodeOfClass[classOf[v]] : NO_NODE);

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const wall0 = performance.now();
const cpu0 = cpu();
const info = new Uint32Array(3 * (nodeCount + 1));
const list = new Uint32Array(nodeCount);
const peeled = peelLeaves(g, classOf, nodeOfClass, info, list);
const peelWall = (performance.now() - wall0) / 1000;
const peelCpu = cpu() - cpu0;

let edges = 0;
for (let v = 0; v < nodeCount; v++) edges += g.succStart[v + 1] - g.succStart[v] + (implicitOf(v) === NO_NODE ? 0 : 1);
let peeledEdges = 0;
const kindNames: Record<number, string> = { 0: 'instance', 1: 'class', 2: 'object array', 3: 'pseudo loader' };
const byKind: Record<string, number> = {};
for (let i = list.length - peeled.count; i < list.length; i++) {
  const v = list[i];
  peeledEdges += 1 + g.succStart[v + 1] - g.succStart[v] + (implicitOf(v) === NO_NODE ? 0 : 1);
  const kind = kindNames[kept.kindByIndex[v]] ?? 'primitive array';
  byKind[kind] = (byKind[kind] ?? 0) + 1;
}
// The same peel with the object -> class edges left out of the graph (the dominator step never does this).
const noClass = new Uint32Array(0);
const bound = peelLeaves(g, classOf, noClass, info.fill(0), list);
const boundByKind: Record<string, number> = {};
for (let i = list.length - bound.count; i < list.length; i++) {
  const kind = kindNames[kept.kindByIndex[list[i]]] ?? 'primitive array';
  boundByKind[kind] = (boundByKind[kind] ?? 0) + 1;
}
const pct = (a: number, b: number): number => Math.round((1000 * a) / b) / 10;
console.log(
  JSON.stringify({
    dump: path,
    keepUnreachable: keep,
    nodes: nodeCount,
    edges,
    peeledNodes: peeled.count,
    peeledNodesPct: pct(peeled.count, nodeCount),
    peeledEdges,
    peeledEdgesPct: pct(peeledEdges, edges),
    nodesAfter: nodeCount - peeled.count,
    edgesAfter: edges - peeledEdges,
    peelSeconds: Math.round(peelWall * 100) / 100,
    peelCpuSeconds: Math.round(peelCpu * 100) / 100,
    peeledByKind: byKind,
    relaxedBound: { nodes: bound.count, nodesPct: pct(bound.count, nodeCount), byKind: boundByKind },
  }),
);
