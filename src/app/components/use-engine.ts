// Hooks that read data through the current Engine. Results are cached per engine for queries whose answer
// never changes (summary, histogram), so switching views does not re-fetch 50,000 histogram rows.
import { useEffect, useState } from 'react';
import type { HistogramRow } from '../../core/api.ts';
import type { Engine } from '../engine.ts';
import { useAppStore } from '../store.ts';

export function useEngine(): Engine | null {
  return useAppStore((s) => s.engine);
}

export interface QueryState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

/** Runs `query` against the engine whenever the engine or `deps` change; stale answers are dropped. */
export function useEngineQuery<T>(query: (engine: Engine) => Promise<T>, deps: unknown[]): QueryState<T> {
  const engine = useEngine();
  const [state, setState] = useState<QueryState<T>>({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    if (!engine) return;
    let live = true;
    setState((s) => ({ data: s.data, error: undefined, loading: true }));
    query(engine).then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (e: unknown) => live && setState({ data: undefined, error: e instanceof Error ? e.message : String(e), loading: false }),
    );
    return () => {
      live = false;
    };
    // `deps` are the inputs `query` reads, as in useEffect; lint checks them at each call (additionalHooks).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the query is read from the render whose deps changed
  }, [engine, ...deps]);
  return state;
}

const histogramCache = new WeakMap<Engine, Promise<HistogramRow[]>>();

export function cachedHistogram(engine: Engine): Promise<HistogramRow[]> {
  let p = histogramCache.get(engine);
  if (!p) {
    p = engine.histogram();
    histogramCache.set(engine, p);
    p.catch(() => histogramCache.delete(engine));
  }
  return p;
}

export function useHistogram(): QueryState<HistogramRow[]> {
  return useEngineQuery(cachedHistogram, []);
}
