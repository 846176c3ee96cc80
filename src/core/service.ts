// The one query surface every frontend that crosses an async boundary uses (the worker, a remote engine): each
// query of AnalysisQueries asked by name, answered as a promise with the labels that need the dump's bytes
// already filled, and failures returned as data with their code. QUERIES is the only per-query table: whether
// a query is interactive (answered before long passes take another slice) or a long pass (it runs in slices
// and reports progress, src/core/queries/passes.ts), and which rows of its answer carry labels. Adding a query
// to AnalysisQueries without a line here fails the type check; the worker and the app forward it by name.

import type { HeapAnalysis } from './analysis.ts';
import type { AnalysisQueries, ObjectRow, PassState, QueryName, QueryOutcome, TreemapNode } from './api.ts';
import { isHeapdropError } from './errors.ts';
import { suspectRows, type Labelled } from './queries/index.ts';

interface QuerySpec<K extends QueryName> {
  /** 'pass': a long pass; it must never run inside an interactive call (the pass waits for those to end). */
  kind: 'interactive' | 'pass';
  /** Answered from the columns a reopened analysis reads first (not the references nor the objects' offsets in
   *  the dump), so it need not wait for the rest (HeapAnalysis.pending): the views that show first. */
  early?: true;
  /** The rows of the answer whose labels are filled before it is returned. */
  labels?: (answer: Awaited<ReturnType<AnalysisQueries[K]>>) => Labelled[];
}

const items = (page: { items: ObjectRow[] }): ObjectRow[] => page.items;

function treemapNodes(root: TreemapNode): TreemapNode[] {
  const nodes: TreemapNode[] = [];
  for (const stack = [root]; stack.length > 0;) {
    const node = stack.pop()!;
    if (node.index >= 0) nodes.push(node);
    if (node.chain) nodes.push(node.chain.end);
    if (node.children) stack.push(...node.children);
  }
  return nodes;
}

export const QUERIES: { [K in QueryName]: QuerySpec<K> } = {
  summary: { kind: 'interactive', early: true },
  histogram: { kind: 'interactive', early: true },
  dominatorChildren: { kind: 'interactive', early: true, labels: items },
  dominatorChildrenByClass: { kind: 'interactive', early: true },
  dominatorChildrenOfClass: { kind: 'interactive', early: true, labels: items },
  dominatorChildrenInHeap: { kind: 'interactive', labels: items },
  dominatorChain: { kind: 'interactive', labels: (chain) => [chain.start, chain.end] },
  dominatorTop: { kind: 'interactive', labels: (top) => top.nodes },
  referenceNames: { kind: 'interactive' },
  dominatorPath: { kind: 'interactive', early: true, labels: (w) => [...w.head, ...w.tail] },
  accumulationPath: { kind: 'interactive', labels: (w) => [...w.head, ...w.tail] },
  objectDetails: { kind: 'interactive' },
  outgoing: { kind: 'interactive' },
  referrers: { kind: 'interactive' },
  pathToRoots: { kind: 'interactive' },
  findObject: { kind: 'interactive' },
  instancesOf: { kind: 'interactive', early: true, labels: items },
  treemap: { kind: 'interactive', early: true, labels: treemapNodes },
  immediateDominators: { kind: 'interactive', labels: (r) => r.rows.flatMap((row) => row.largest) },
  leakSuspects: { kind: 'pass', labels: suspectRows },
  leakSuspectsInHeap: { kind: 'pass', labels: suspectRows },
  duplicateStrings: { kind: 'pass', labels: (r) => r.groups.map((g) => g.sample) },
  mergedPaths: { kind: 'pass', labels: (r) => r.page.items.map((row) => row.object) },
  threads: { kind: 'interactive' },
  gcRoots: { kind: 'interactive', early: true },
  gcRootObjects: { kind: 'interactive', early: true, labels: items },
  collectionContents: { kind: 'interactive' },
  collections: { kind: 'pass', labels: (r) => r.classes.flatMap((row) => row.largestWaste.map((w) => w.object)) },
  retainedSet: { kind: 'pass' },
  groupRetained: { kind: 'pass', early: true },
  unreachableHistogram: { kind: 'interactive' },
};

export function isQueryName(name: unknown): name is QueryName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(QUERIES, name);
}

/** Turns a failure into data that survives structured cloning (Comlink drops an Error's `code`). */
export function failureOf(e: unknown): { code: string; message: string; offset?: number } {
  if (isHeapdropError(e)) return { code: e.code, message: e.message, ...(e.offset !== undefined ? { offset: e.offset } : {}) };
  if (e instanceof RangeError && /allocation failed|invalid array length|out of memory/i.test(e.message)) {
    return { code: 'OUT_OF_MEMORY', message: `out of memory (${e.message})` };
  }
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** The async query surface over one finished analysis. */
export class QueryService {
  constructor(private readonly analysis: HeapAnalysis) {}

  /** Answers query `name` with `args`; never throws (a failure is an outcome). */
  async ask(name: string, args: unknown[]): Promise<QueryOutcome<unknown>> {
    if (!isQueryName(name)) return { ok: false, error: { code: 'INTERNAL', message: `no query named ${JSON.stringify(String(name))}` } };
    try {
      const value = await this.answer(name, args as never);
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: failureOf(e) };
    }
  }

  /** The same, typed, for callers in the same thread (tests, the CLI); throws on failure. */
  answer<K extends QueryName>(name: K, args: Parameters<AnalysisQueries[K]>): Promise<Awaited<ReturnType<AnalysisQueries[K]>>> {
    const spec = QUERIES[name] as QuerySpec<K>;
    if (this.analysis.damaged !== null) return Promise.reject(this.analysis.damaged);
    const pending = this.analysis.pending;
    if (pending !== null && spec.early !== true) {
      // A reopened analysis still reading the columns this query needs: asked again once they are in.
      return pending.then(() => this.answer(name, args));
    }
    const work = async (): Promise<Awaited<ReturnType<AnalysisQueries[K]>>> => {
      if (this.analysis.damaged !== null) throw this.analysis.damaged;
      const method = this.analysis[name] as (...a: Parameters<AnalysisQueries[K]>) => ReturnType<AnalysisQueries[K]>;
      const answer = (await method.apply(this.analysis, args)) as Awaited<ReturnType<AnalysisQueries[K]>>;
      if (spec.labels && answer !== null && answer !== undefined) await this.analysis.fillLabels(spec.labels(answer));
      return answer;
    };
    return spec.kind === 'interactive' ? this.analysis.passes.interactiveCall(work) : work();
  }

  private readonly holds = new Map<number, () => void>();
  private nextHold = 1;

  /** Holds the long passes until releasePasses(hold) (a series of interactive queries, such as a share gather, that
   *  should not let a pass take slices between them). The holder must not ask for a long pass meanwhile. */
  holdPasses(): number {
    const id = this.nextHold++;
    this.holds.set(id, this.analysis.passes.hold());
    return id;
  }

  releasePasses(hold: number): void {
    this.holds.get(hold)?.();
    this.holds.delete(hold);
  }

  /** Cancels the long pass answering `query`; false when none runs. */
  cancelPass(query: string): boolean {
    return this.analysis.passes.cancel(query);
  }

  /** Long passes running now. */
  passes(): PassState[] {
    return this.analysis.passes.states();
  }

  /** Reports every change of a long pass; returns the function that stops listening. */
  watchPasses(listener: (state: PassState) => void): () => void {
    return this.analysis.passes.listen(listener);
  }
}
