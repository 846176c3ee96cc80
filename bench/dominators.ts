// Times the dominator module alone on a synthetic random graph (default 20 M nodes / 75 M edges):
// `node --import tsx bench/dominators.ts [nodes] [edges] [--peel]`. Prints one JSON line; run in a fresh process so that
// the peak RSS belongs to this measurement. CPU seconds are printed beside wall seconds because the machine is
// shared: when other processes compete, wall time inflates and CPU time does not (much).

import {
  dominatorChildren,
  dominatorsInPreorder,
  finishDominatorTree,
  minRetainedByClass,
  retainedSizes,
} from '../src/core/dominators/index.ts';
import { syntheticGraph } from './synthetic-graph.ts';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const nodes = Number(positional[0] ?? 20_000_000);
const edges = Number(positional[1] ?? 75_000_000);
const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);
const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const round2 = (x: number): number => Math.round(x * 100) / 100;
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let wall = performance.now();
let cpu = cpuSeconds();
const lap = (): { wall: number; cpu: number } => {
  const nowWall = performance.now();
  const nowCpu = cpuSeconds();
  const result = { wall: round2((nowWall - wall) / 1000), cpu: round2(nowCpu - cpu) };
  wall = nowWall;
  cpu = nowCpu;
  return result;
};

const g = syntheticGraph(nodes, edges, 42);
const generate = lap();
const graphRssMiB = mib(process.memoryUsage().rss);
const stepEnds: number[] = [];
const stepEndsCpu: number[] = [];
const domStart = performance.now();
const domStartCpu = cpuSeconds();
// `--peel`: leaves with one referrer are peeled off first (src/core/dominators/peel.ts), for a side-by-side run.
const peel = process.argv.includes('--peel');
const inPreorder = dominatorsInPreorder(
  g,
  (done) => {
    if (done % g.nodeCount !== 0) return;
    stepEnds.push(round2((performance.now() - domStart) / 1000));
    stepEndsCpu.push(round2(cpuSeconds() - domStartCpu));
  },
  { peel },
);
const tree = finishDominatorTree(inPreorder);
const dominators = lap();
const dominatorsPeakRssMiB = peakRssMiB();
const retained = retainedSizes(tree, g.shallowByNode);
const retainedStep = lap();
const children = dominatorChildren(tree, g.nodeCount, retained);
const childrenSorted = lap();
const byClass = minRetainedByClass(tree, retained, g.classByNode, g.classCount);
const classRetained = lap();
console.log(
  JSON.stringify({
    nodes,
    edges: g.succ.length,
    reachable: tree.reachableCount,
    peel,
    peeled: inPreorder.peeledCount,
    rootChildren: children.childStart[g.root + 1] - children.childStart[g.root],
    rootRetained: retained[g.root],
    classRetainedSum: byClass.reduce((a, b) => a + b, 0),
    generate,
    graphRssMiB,
    dominators,
    // Wall seconds since the start of computeDominators at the end of: DFS, predecessor lists, semidominators, NCA.
    dominatorStepEnds: stepEnds,
    dominatorStepEndsCpu: stepEndsCpu,
    dominatorsPeakRssMiB,
    retained: retainedStep,
    childrenSorted,
    classRetained,
    peakRssMiB: peakRssMiB(),
    hugepages: (process.env.GLIBC_TUNABLES ?? '').includes('hugetlb=1'),
  }),
);
