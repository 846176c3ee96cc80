// "Retained set" of a selection (Eclipse MAT's Show Retained Set): what would be freed if the selected objects
// were gone, by class, with the precise retained size. The selection comes from the link
// (`#/retained?sel=…`: a class, a Held by row, a merged-path node, an object); the core marks from the GC roots
// without entering it (src/core/queries/retained-set.ts), a long pass that reports its progress here.
import { useEffect, useMemo, useState } from 'react';
import type { RetainedClassRow, RetainedSet } from '../../../core/api.ts';
import type { Column } from '../../../core/report/table-export.ts';
import { BytesCell, NumCell, PercentCell } from '../../components/cells.tsx';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { PassStatus } from '../../components/PassStatus.tsx';
import { useEngine } from '../../components/use-engine.ts';
import { countOf, exactBytes, formatBytes, formatCount } from '../../format.ts';
import { dumpText } from '../../object-text.ts';
import { classHash } from '../../routes.ts';
import { parseSelection } from './selection-link.ts';

const PAGE = 200;

const COLUMNS: Column<RetainedClassRow>[] = [
  { key: 'class', value: (r) => r.className },
  { key: 'objects', value: (r) => r.objects },
  { key: 'shallow_bytes', value: (r) => r.shallowBytes },
];

export function RetainedSetView({ params }: { params: Record<string, string> }) {
  const engine = useEngine();
  const key = params.sel ?? '';
  // Parsed once per link, so the query runs again only when the link changes.
  const selection = useMemo(() => parseSelection(key), [key]);
  const [answer, setAnswer] = useState<RetainedSet | null>(null);
  const [rows, setRows] = useState<RetainedClassRow[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!engine || !selection) return;
    let live = true;
    setAnswer(null);
    setRows([]);
    setError(null);
    engine.retainedSet(selection, 0, PAGE).then(
      (r) => {
        if (!live) return;
        setAnswer(r);
        setRows(r.classes.items);
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [engine, selection]);

  const more = () => {
    if (!engine || !selection) return;
    engine.retainedSet(selection, rows.length, PAGE).then(
      (r) => setRows((prev) => [...prev, ...r.classes.items]),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const allRows = async (): Promise<RetainedClassRow[]> => {
    if (!engine || !selection || !answer) return rows;
    return (await engine.retainedSet(selection, 0, answer.classes.total)).classes.items;
  };

  if (!selection) {
    return (
      <div className="table-view" data-testid="view-retained">
        <div className="empty-state">
          This link does not name a selection. Open a retained set from a class, a “Held by” row or a path node.
        </div>
      </div>
    );
  }
  return (
    <div className="table-view" data-testid="view-retained">
      <div className="toolbar">
        <div>
          <div className="pane-title">Retained set</div>
          <div className="dim" data-testid="retained-description">
            {answer ? dumpText(answer.description) : 'Selection'}
          </div>
        </div>
        {answer && <ExportButtons name="retained-set" columns={COLUMNS} rows={allRows} />}
      </div>
      {error && <div className="error-inline pad">{error}</div>}
      {!answer && !error && (
        <div className="pad">
          <PassStatus query="retainedSet" waiting="Marking what stays alive without the selection…" />
        </div>
      )}
      {answer && (
        <>
          <div className="pad retained-figures" data-testid="retained-figures">
            <span title={exactBytes(answer.retainedBytes)}>
              Would free <strong data-testid="retained-bytes">{formatBytes(answer.retainedBytes)}</strong> in{' '}
              {countOf(answer.objects, 'object')}
            </span>
            <span className="dim">
              {' '}
              · selected {countOf(answer.selected.objects, 'object')}, {formatBytes(answer.selected.shallowBytes)} shallow ·{' '}
              {countOf(answer.classes.total, 'class', 'classes')}
            </span>
          </div>
          <div className="thead retained-cols">
            <span>Class</span>
            <span className="num">Objects</span>
            <span className="num">Shallow</span>
            <span className="num">Share</span>
          </div>
          <div className="pane-body" data-testid="retained-table">
            {rows.map((r) => (
              <div key={r.classIndex} className="cells retained-cols plain-row" data-testid="retained-row">
                <span className="name">
                  <a className="cls" href={classHash(r.className)} title={dumpText(r.className)}>
                    {dumpText(r.className)}
                  </a>
                </span>
                <NumCell value={r.objects} />
                <BytesCell value={r.shallowBytes} />
                <PercentCell part={r.shallowBytes} total={answer.retainedBytes} />
              </div>
            ))}
            {rows.length < answer.classes.total && (
              <button type="button" className="btn more" onClick={more}>
                Show {Math.min(PAGE, answer.classes.total - rows.length)} more ({formatCount(answer.classes.total - rows.length)} left)
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
