// "Compare…": picks a baseline dump (an earlier dump of the same service), analyses it in a worker of its own and
// keeps its histogram in the store; the histogram then shows each class's change since it. While the baseline runs,
// its progress and a Cancel button; once loaded, what changed in all and a button to drop it.
import { useRef, useState } from 'react';
import type { Progress } from '../../../core/api.ts';
import { formatBytes, formatCount } from '../../format.ts';
import { useAppStore } from '../../store.ts';
import { signed, type Comparison } from '../../../core/histogram-diff.ts';
import { runBaseline, type BaselineRun } from './baseline-run.ts';

export function BaselineControl({ comparison }: { comparison: Comparison | null }) {
  const readOnly = useAppStore((s) => s.engine?.readOnly ?? true);
  const baseline = useAppStore((s) => s.baseline);
  const setBaseline = useAppStore((s) => s.setBaseline);
  const keepUnreachable = useAppStore((s) => s.summary?.keepUnreachable ?? false);
  const input = useRef<HTMLInputElement>(null);
  const [run, setRun] = useState<{ handle: BaselineRun; fileName: string; progress: Progress | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (readOnly) return null;

  const start = (file: File | undefined) => {
    if (!file) return;
    setError(null);
    const handle = runBaseline(file, keepUnreachable, (progress) => setRun((r) => (r && r.handle === handle ? { ...r, progress } : r)));
    setRun({ handle, fileName: file.name, progress: null });
    handle.done.then(
      (b) => {
        setRun((r) => (r && r.handle === handle ? null : r));
        setBaseline(b);
      },
      (e: unknown) => {
        setRun((r) => (r && r.handle === handle ? null : r));
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <span className="baseline" data-testid="baseline">
      <input
        ref={input}
        type="file"
        hidden
        accept=".hprof,.gz,.bin,application/octet-stream"
        data-testid="baseline-input"
        onChange={(e) => {
          start(e.currentTarget.files?.[0]);
          e.currentTarget.value = '';
        }}
      />
      {run ? (
        <>
          <span className="dim" data-testid="baseline-running">
            Analysing {run.fileName}
            {run.progress ? ` (${run.progress.phase}, ${Math.floor((100 * run.progress.done) / Math.max(1, run.progress.total))}%)` : ''}…
          </span>
          <button type="button" className="btn" onClick={() => run.handle.cancel()}>
            Cancel
          </button>
        </>
      ) : baseline && comparison ? (
        <span
          className="baseline-chip"
          data-testid="baseline-chip"
          title={`${formatCount(comparison.gone.classes)} classes of the baseline have no object now (${formatCount(comparison.gone.instances)} objects, ${formatBytes(comparison.gone.shallowBytes)} then)`}
        >
          vs {baseline.fileName}: {signed(comparison.total.instances, formatCount)} objects,{' '}
          {signed(comparison.total.shallowBytes, formatBytes)}
          <button type="button" className="btn icon" onClick={() => setBaseline(null)} aria-label="Stop comparing">
            ×
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="btn"
          onClick={() => input.current?.click()}
          title="Compare with an earlier dump of the same program: the change of each class"
          data-testid="compare"
        >
          Compare…
        </button>
      )}
      {error && (
        <span className="error-inline" data-testid="baseline-error">
          {error}
        </span>
      )}
    </span>
  );
}

/** A change: growth marked, shrinkage muted. */
export function DeltaCell({ value }: { value: number }) {
  return <span className={'num ' + (value > 0 ? 'delta-up' : value < 0 ? 'delta-down' : 'dim')}>{signed(value, formatCount)}</span>;
}
