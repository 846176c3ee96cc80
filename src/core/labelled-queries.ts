// The analysis queries as an object of async methods, for a frontend in the same process that answers across its
// own boundary (`heapdrop serve`'s engine route): each is asked through the core's QueryService, so labels, long
// passes and failures follow the one table in service.ts. A failure rejects with a HeapdropError of its code.

import type { HeapAnalysis } from './analysis.ts';
import type { AsyncQueries, QueryName } from './api.ts';
import { HeapdropError, type ErrorCode } from './errors.ts';
import { QUERIES, QueryService } from './service.ts';

/** The queries of the analysis `current()` returns (it throws when none is loaded), labels filled. */
export function labelledQueries(current: () => HeapAnalysis): AsyncQueries {
  const services = new WeakMap<HeapAnalysis, QueryService>();
  const serviceOf = (a: HeapAnalysis) => services.get(a) ?? services.set(a, new QueryService(a)).get(a)!;
  const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(QUERIES) as QueryName[]) {
    out[name] = async (...args: unknown[]) => {
      const outcome = await serviceOf(current()).ask(name, args);
      if (!outcome.ok) throw new HeapdropError(outcome.error.code as ErrorCode, outcome.error.message, outcome.error.offset);
      return outcome.value;
    };
  }
  return out as unknown as AsyncQueries;
}
