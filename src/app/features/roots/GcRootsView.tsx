// GC roots (src/core/queries/gc-roots.ts), as MAT's GC Roots query: the root types with how many objects each
// holds as roots and what they keep alive together; a type opens into its objects, largest retained first, each
// linking to the inspector. The open type is kept in the URL (`#/roots?type=System%20Class`).
import { useState } from 'react';
import type { GcRootTypeRow } from '../../../core/api.ts';
import { NumCell, PercentCell } from '../../components/cells.tsx';
import { ObjectName } from '../../components/ObjectName.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { formatCount } from '../../format.ts';
import { viewHash } from '../../routes.ts';
import { useAppStore } from '../../store.ts';
import { OBJECT_COLUMNS, type Column } from '../../../core/report/table-export.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';

const TYPE_COLUMNS: Column<GcRootTypeRow>[] = [
  { key: 'root_type', value: (r) => r.type },
  { key: 'objects', value: (r) => r.objects },
  { key: 'shallow_bytes', value: (r) => r.shallowBytes },
  { key: 'retained_bytes', value: (r) => r.retainedBytes },
];
/** Rows an export of one type's roots asks for at most. */
const EXPORT_MAX = 100_000;

const PAGE = 50;

export function GcRootsView({ params }: { params: Record<string, string> }) {
  const heap = useAppStore((s) => s.summary?.usedHeapBytes ?? 0);
  const result = useEngineQuery((e) => e.gcRoots(), []);
  const open = params.type;
  return (
    <div className="threads-view" data-testid="view-roots">
      <div className="toolbar">
        <b>GC roots</b>
        <span className="toolbar-status">
          {result.data ? `${formatCount(result.data.length)} root types; open one for its objects, largest retained first` : ''}
        </span>
        <ExportButtons name="gc-roots" columns={TYPE_COLUMNS} rows={() => result.data ?? []} disabled={!result.data} />
      </div>
      {result.error && <div className="error-inline">{result.error}</div>}
      {!result.data && !result.error && <div className="dim pad">Grouping the GC roots…</div>}
      {result.data && (
        <div className="threads-scroll">
          <div className="thead roots-cols">
            <span className="th">Root type</span>
            <span className="th num">Objects</span>
            <span className="th num">Shallow</span>
            <span className="th num">Retained</span>
            <span className="th num">% of heap</span>
          </div>
          {result.data.map((row) => (
            <RootType key={row.type} row={row} heap={heap} open={row.type === open} />
          ))}
        </div>
      )}
    </div>
  );
}

function RootType({ row, heap, open }: { row: GcRootTypeRow; heap: number; open: boolean }) {
  return (
    <div data-testid="root-type">
      <a
        className={'cells roots-cols plain-row group-row root-type-row' + (open ? ' open' : '')}
        href={viewHash('roots', open ? {} : { type: row.type })}
      >
        <span className="name">
          <span className="twisty">{open ? '▾' : '▸'}</span>
          <span data-testid="root-type-name">{row.type}</span>
        </span>
        <NumCell value={row.objects} />
        <NumCell value={row.shallowBytes} />
        <NumCell value={row.retainedBytes} />
        <PercentCell part={row.retainedBytes} total={heap} />
      </a>
      {open && <RootObjects type={row.type} heap={heap} />}
    </div>
  );
}

function RootObjects({ type, heap }: { type: string; heap: number }) {
  const [shown, setShown] = useState(PAGE);
  const page = useEngineQuery((e) => e.gcRootObjects(type, 0, shown), [type, shown]);
  const engine = useAppStore((s) => s.engine);
  const data = page.data;
  return (
    <div className="thread-stack" data-testid="root-objects">
      <div className="pad-row">
        <ExportButtons
          name="gc-root-objects"
          columns={OBJECT_COLUMNS}
          rows={async () => (engine ? (await engine.gcRootObjects(type, 0, EXPORT_MAX)).items : [])}
          disabled={!data}
        />
      </div>
      {page.error && <div className="error-inline">{page.error}</div>}
      {data?.items.map((r) => (
        <div className="cells roots-cols plain-row stack-local" key={r.index} data-testid="root-object">
          <span className="name">
            <ObjectName row={r} />
          </span>
          <span />
          <NumCell value={r.shallowBytes} />
          <NumCell value={r.retainedBytes} />
          <PercentCell part={r.retainedBytes} total={heap} />
        </div>
      ))}
      {data && data.items.length < data.total && (
        <button type="button" className="btn more" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, data.total - data.items.length)} more ({formatCount(data.total - data.items.length)} left)
        </button>
      )}
    </div>
  );
}
