// The analysis queries as a frontend receives them across a boundary (the app's worker, `heapdrop serve`): pages
// that show objects carry their labels (a String's value, a thread's name), which need the dump's bytes and are
// decoded before replying. One implementation for every engine that answers for a HeapAnalysis.

import type { HeapAnalysis } from './analysis.ts';
import type { AnalysisQueries, ObjectRow, TreemapNode } from './api.ts';
import { suspectRows } from './queries/index.ts';

/** The queries of the analysis `current()` returns (it throws when none is loaded), labels filled. */
export function labelledQueries(current: () => HeapAnalysis) {
  async function labelled<T extends { items: ObjectRow[] }>(page: T): Promise<T> {
    await current().fillLabels(page.items);
    return page;
  }
  const queries = {
    summary: () => current().summary(),
    histogram: () => current().histogram(),
    // The synchronous pages carry a String's value or a thread's name only once decoded: decode them before replying.
    dominatorChildren: (...a: Parameters<AnalysisQueries['dominatorChildren']>) => labelled(current().dominatorChildren(...a)),
    dominatorChildrenByClass: (...a: Parameters<AnalysisQueries['dominatorChildrenByClass']>) => current().dominatorChildrenByClass(...a),
    dominatorChildrenOfClass: (...a: Parameters<AnalysisQueries['dominatorChildrenOfClass']>) => labelled(current().dominatorChildrenOfClass(...a)),
    referenceNames: (...a: Parameters<AnalysisQueries['referenceNames']>) => current().referenceNames(...a),
    dominatorChain: async (...a: Parameters<AnalysisQueries['dominatorChain']>) => {
      const chain = current().dominatorChain(...a);
      await current().fillLabels([chain.start, chain.end]);
      return chain;
    },
    dominatorPath: async (...a: Parameters<AnalysisQueries['dominatorPath']>) => {
      const rows = current().dominatorPath(...a);
      await current().fillLabels(rows);
      return rows;
    },
    objectDetails: (...a: Parameters<AnalysisQueries['objectDetails']>) => current().objectDetails(...a),
    outgoing: (...a: Parameters<AnalysisQueries['outgoing']>) => current().outgoing(...a),
    referrers: (...a: Parameters<AnalysisQueries['referrers']>) => current().referrers(...a),
    pathToRoots: (...a: Parameters<AnalysisQueries['pathToRoots']>) => current().pathToRoots(...a),
    findObject: (...a: Parameters<AnalysisQueries['findObject']>) => current().findObject(...a),
    instancesOf: (...a: Parameters<AnalysisQueries['instancesOf']>) => labelled(current().instancesOf(...a)),
    treemap: async (...a: Parameters<AnalysisQueries['treemap']>) => {
      const root = current().treemap(...a);
      const nodes: TreemapNode[] = [];
      for (const stack = [root]; stack.length > 0; ) {
        const node = stack.pop()!;
        if (node.index >= 0) nodes.push(node);
        if (node.children) stack.push(...node.children);
      }
      await current().fillLabels(nodes);
      return root;
    },
    leakSuspects: async () => {
      const result = await current().leakSuspects();
      await current().fillLabels(suspectRows(result));
      return result;
    },
    mergedPaths: (...a: Parameters<AnalysisQueries['mergedPaths']>) => current().mergedPaths(...a),
    duplicateStrings: async () => {
      const result = await current().duplicateStrings();
      await current().fillLabels(result.groups.map((g) => g.sample));
      return result;
    },
    immediateDominators: async (...a: Parameters<AnalysisQueries['immediateDominators']>) => {
      const result = current().immediateDominators(...a);
      await current().fillLabels(result.rows.flatMap((r) => r.largest));
      return result;
    },
  };
  // Every query of the interface: a new query fails the type check until it is answered here.
  return queries satisfies { [K in keyof AnalysisQueries]: (...a: Parameters<AnalysisQueries[K]>) => unknown };
}
