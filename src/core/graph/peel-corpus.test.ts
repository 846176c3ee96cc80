// Peeling (dominators/peel.ts) on the flow graphs of real JVM dumps: the same idom for every object as SEMI-NCA over
// the whole graph, which the parity suite checks against MAT, in default and keep-unreachable mode.

import { describe, expect, it } from 'vitest';
import { dominatorsInPreorder, finishDominatorTree, type SuccessorGraph } from '../dominators/index.ts';
import { readHprof } from '../hprof/read-hprof.ts';
import { nodeFileSource } from '../io/file-source.node.ts';
import { nodeInflaters } from '../io/inflate.node.ts';
import { corpusFile, haveCorpus } from '../testing/corpus.node.ts';
import { indexEdges, indexObjects, keepReachable } from './index.ts';
import { matSizeModel } from './size-model.ts';

async function flowGraph(path: string, keep: boolean): Promise<SuccessorGraph> {
  const noop = (): void => {};
  const { parsed } = await readHprof(nodeFileSource(path), { inflaters: nodeInflaters });
  const indexed = indexEdges(parsed, indexObjects(parsed, noop), noop);
  const kept = keepReachable(parsed, indexed, matSizeModel(parsed), keep, noop);
  return {
    nodeCount: kept.nodeCount + 1,
    root: kept.nodeCount,
    succStart: kept.succStart,
    succ: kept.succ,
    implicit: { classOf: kept.classByIndex, nodeOfClass: kept.indexByClass },
  };
}

describe("peeled dominators on the corpus dumps equal the whole graph's", () => {
  for (const file of ['routes.hprof.gz', 'basics-all.hprof.gz', 'references.hprof.gz', 'external/hprof-64.bin']) {
    for (const keep of [false, true]) {
      it.skipIf(!haveCorpus(file))(`${file}${keep ? ', unreachable objects kept' : ''}`, async () => {
        const g = await flowGraph(corpusFile(...file.split('/')), keep);
        const whole = finishDominatorTree(dominatorsInPreorder(g, undefined, { trusted: true }));
        const d = dominatorsInPreorder(g, undefined, { trusted: true, peel: true });
        expect(d.peeledCount).toBeGreaterThan(0);
        const peeled = finishDominatorTree(d);
        expect(peeled.reachableCount).toBe(whole.reachableCount);
        expect(peeled.idom).toEqual(whole.idom);
        // Every node after its idom in the preorder the retained-size sweeps read.
        let misplaced = 0;
        for (let p = 1; p < peeled.reachableCount; p++) if (peeled.idomByPre[p] >= p) misplaced++;
        expect(misplaced).toBe(0);
      });
    }
  }
});
