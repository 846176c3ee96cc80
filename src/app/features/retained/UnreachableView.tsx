// The objects the analysis removed because no GC root reaches them, by class (Eclipse MAT's Unreachable Objects
// Histogram): garbage the JVM had not collected when it dumped. Reached from the overview's summary.
import type { UnreachableClassRow } from '../../../core/api.ts';
import type { Column } from '../../../core/report/table-export.ts';
import { BytesCell, NumCell } from '../../components/cells.tsx';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { countOf, formatBytes } from '../../format.ts';
import { dumpText } from '../../object-text.ts';
import { useAppStore } from '../../store.ts';

const COLUMNS: Column<UnreachableClassRow>[] = [
  { key: 'class', value: (r) => r.className },
  { key: 'objects', value: (r) => r.objects },
  { key: 'shallow_bytes', value: (r) => r.shallowBytes },
];

export function UnreachableView() {
  const result = useEngineQuery((e) => e.unreachableHistogram(), []);
  const summary = useAppStore((s) => s.summary);
  const rows = result.data ?? [];
  return (
    <div className="table-view" data-testid="view-unreachable">
      <div className="toolbar">
        <div>
          <div className="pane-title">Unreachable objects</div>
          <div className="dim">
            Objects no GC root reaches, removed from the analysis (as MAT does by default): garbage not yet collected when the dump was
            taken.
          </div>
        </div>
        <ExportButtons name="unreachable" columns={COLUMNS} rows={() => rows} disabled={!result.data} />
      </div>
      {result.error && <div className="error-inline pad">{result.error}</div>}
      {result.data && (
        <div className="pad dim" data-testid="unreachable-total">
          {rows.length === 0
            ? summary?.keepUnreachable
              ? 'Unreachable objects were kept as roots of type “Unreachable”: they are in every view.'
              : 'No object was removed as unreachable.'
            : `${countOf(
                rows.reduce((n, r) => n + r.objects, 0),
                'object',
              )} of ${countOf(rows.length, 'class', 'classes')}, ${formatBytes(rows.reduce((n, r) => n + r.shallowBytes, 0))}`}
        </div>
      )}
      {rows.length > 0 && (
        <>
          <div className="thead held-cols">
            <span>Class</span>
            <span className="num">Objects</span>
            <span className="num">Shallow</span>
          </div>
          <div className="pane-body" data-testid="unreachable-table">
            {rows.map((r, i) => (
              <div key={i} className="cells held-cols plain-row" data-testid="unreachable-row">
                <span className="name cls" title={dumpText(r.className)}>
                  {dumpText(r.className)}
                </span>
                <NumCell value={r.objects} />
                <BytesCell value={r.shallowBytes} />
              </div>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
