// The choices a dump itself raises, under the summary figures: which of several heap dumps in one file is shown,
// and, where sizes follow MAT's model rather than the JVM's layout, the option of the JVM's layout.
import type { Summary } from '../../../core/api.ts';
import { canReanalyze, reanalyze } from '../../session.ts';
import { useAppStore } from '../../store.ts';

export function AnalysisChoices({ summary }: { summary: Summary }) {
  const readOnly = useAppStore((s) => s.engine?.readOnly ?? true);
  const canChange = !readOnly && canReanalyze();
  const dumps = summary.dumps;
  const layout = summary.layout;
  if ((dumps === undefined || dumps.count < 2) && layout === undefined) return null;
  return (
    <div className="analysis-choices" data-testid="analysis-choices">
      {dumps !== undefined && dumps.count > 1 && (
        <div className="choice" data-testid="dump-choice">
          <b>This file holds {dumps.count} heap dumps.</b> Showing{' '}
          {canChange ? (
            <select
              aria-label="Heap dump shown"
              value={dumps.analysed}
              onChange={(e) => reanalyze({ dump: Number(e.target.value) })}
              data-testid="dump-picker"
            >
              {Array.from({ length: dumps.count }, (_, i) => (
                <option key={i} value={i + 1}>
                  dump {i + 1} of {dumps.count}
                  {i + 1 === dumps.count ? ' (the last)' : ''}
                </option>
              ))}
            </select>
          ) : (
            <>
              dump {dumps.analysed} of {dumps.count}
            </>
          )}
          {dumps.analysed === dumps.count && ' — the last is the most recent state of the heap; each dump is a whole heap, never merged.'}
        </div>
      )}
      {layout !== undefined && (
        <div className="choice" data-testid="layout-choice">
          {layout.note}{' '}
          {canChange && (
            <button
              type="button"
              className="linkish"
              onClick={() => reanalyze({ layout: layout.used === 'jvm' ? 'mat' : 'jvm' })}
              data-testid="layout-toggle"
            >
              {layout.used === 'jvm' ? "Use MAT's model (as MAT reports)" : "Use the JVM's layout"}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
