// What a long pass of the engine (duplicate strings, leak suspects, merged paths) is doing while its panel waits:
// its step, how far it is, and a Cancel button. Other views keep answering meanwhile (src/core/queries/passes.ts).
import { formatCount, formatPercent } from '../format.ts';
import { useAppStore } from '../store.ts';
import { useEngine } from './use-engine.ts';

export function PassStatus({ query, waiting }: { query: string; waiting: string }) {
  const engine = useEngine();
  const state = useAppStore((s) => s.passes[query]);
  if (!state || state.status !== 'running') return <div className="dim">{waiting}</div>;
  return (
    <div className="dim pass-status" role="status" aria-live="polite" data-testid="pass-status" data-query={query}>
      {state.label}
      {state.step ? `: ${state.step}` : ''}
      {state.total > 0
        ? ` · ${formatCount(state.done)} of ${formatCount(state.total)} (${formatPercent(state.done, state.total)})`
        : ''}…{' '}
      {engine?.passes && (
        <button type="button" className="btn" onClick={() => engine.passes?.cancel(query)} data-testid="pass-cancel">
          Cancel
        </button>
      )}
    </div>
  );
}
