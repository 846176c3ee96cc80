// "Paths from roots": the shortest path from a GC root to each object of one class, merged into a tree (MAT's
// "Merge Shortest Paths to GC Roots"; src/core/queries/merged-paths.ts). Each row counts the objects whose path
// runs through it. A row that is its parent's only child opens by itself and keeps its parent's indentation, so a
// long chain shows at once as a column of `field →` steps instead of a staircase.
import { useCallback, useEffect, useState } from 'react';
import type { HistogramRow, MergedPathRow } from '../../../core/api.ts';
import { NumCell } from '../../components/cells.tsx';
import { ObjectName } from '../../components/ObjectName.tsx';
import { PassStatus } from '../../components/PassStatus.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { countOf, formatCount } from '../../format.ts';
import { useAppStore } from '../../store.ts';
import type { Engine } from '../../engine.ts';
import { objectColumns, type Column } from '../../../core/report/table-export.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { retainedHash } from '../retained/selection-link.ts';

const PAGE = 50;
/** Rows deeper than this do not open by themselves (a 50,000-long linked list stays folded past it). */
const AUTO_OPEN_DEPTH = 24;
const INDENT_PX = 12;
const MAX_INDENT = 16;

/** A merged-paths row with its depth and parent, for export. */
interface FlatPathRow {
  depth: number;
  parent: number;
  row: MergedPathRow;
}

const MERGED_COLUMNS: Column<FlatPathRow>[] = [
  { key: 'node', value: (r) => r.row.node },
  { key: 'parent', value: (r) => r.parent },
  { key: 'depth', value: (r) => r.depth },
  { key: 'field', value: (r) => r.row.field },
  ...objectColumns((r: FlatPathRow) => r.row.object),
  { key: 'objects_through', value: (r) => r.row.count },
  { key: 'their_shallow_bytes', value: (r) => r.row.targetShallowBytes },
];
/** Rows an export of the merged paths walks at most (the tree can hold most of the heap). */
const EXPORT_MAX = 20_000;

/** The merged tree depth first, each node's children largest first, cut at EXPORT_MAX rows. */
async function allPathRows(engine: Engine | null, classIndex: number, excludeWeak: boolean): Promise<FlatPathRow[]> {
  const out: FlatPathRow[] = [];
  if (!engine) return out;
  const visit = async (parent: number, depth: number): Promise<void> => {
    const page = await engine.mergedPaths(classIndex, parent, 0, EXPORT_MAX, { excludeWeak });
    for (const row of page.page.items) {
      if (out.length >= EXPORT_MAX) return;
      out.push({ depth, parent, row });
      if (row.children > 0) await visit(row.node, depth + 1);
    }
  };
  await visit(-1, 0);
  return out;
}

export function MergedPathsList({ cls }: { cls: HistogramRow }) {
  const engine = useAppStore((s) => s.engine);
  const [excludeWeak, setExcludeWeak] = useState(true);
  const top = useEngineQuery((e) => e.mergedPaths(cls.classIndex, -1, 0, PAGE, { excludeWeak }), [cls.classIndex, excludeWeak]);
  const data = top.loading ? undefined : top.data;
  return (
    <div className="held-by" data-testid="merged-paths">
      <div className="held-by-head">
        <span className="dim">
          The shortest path from a GC root to each object, merged: a row counts the objects whose path runs through it.
        </span>
        <label className="toolbar-label">
          <input
            type="checkbox"
            checked={excludeWeak}
            onChange={(e) => setExcludeWeak(e.currentTarget.checked)}
            data-testid="merged-exclude-weak"
          />
          Exclude weak/soft references
        </label>
        {data && data.reached < data.objects && (
          <span className="dim" data-testid="merged-unreached">
            {formatCount(data.objects - data.reached)} of {countOf(data.objects, 'object')}{' '}
            {data.objects - data.reached === 1 ? 'has' : 'have'} no such path
            {excludeWeak ? ' (only weak or soft references lead to them)' : ''}.
          </span>
        )}
      </div>
      {top.error && <div className="error-inline">{top.error}</div>}
      {!data && !top.error && (
        <div className="pad">
          <PassStatus query="mergedPaths" waiting="Searching from the GC roots…" />
        </div>
      )}
      {data && (
        <>
          <div className="pad-row">
            <ExportButtons name="merged-paths" columns={MERGED_COLUMNS} rows={() => allPathRows(engine, cls.classIndex, excludeWeak)} />
          </div>
          <div className="thead held-cols">
            <span>From the GC roots</span>
            <span className="num">Objects</span>
            <span className="num">Their shallow</span>
          </div>
          <div className="pane-body">
            <PathChildren
              classIndex={cls.classIndex}
              excludeWeak={excludeWeak}
              parent={-1}
              depth={0}
              indent={0}
              first={data.page.items}
              total={data.page.total}
            />
          </div>
        </>
      )}
    </div>
  );
}

function PathChildren(props: {
  classIndex: number;
  excludeWeak: boolean;
  parent: number;
  depth: number;
  indent: number;
  first?: MergedPathRow[];
  total?: number;
}) {
  const { classIndex, excludeWeak, parent, depth, indent } = props;
  const engine = useAppStore((s) => s.engine);
  const [items, setItems] = useState<MergedPathRow[]>(props.first ?? []);
  const [total, setTotal] = useState<number | null>(props.total ?? null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    (offset: number) => {
      engine?.mergedPaths(classIndex, parent, offset, PAGE, { excludeWeak }).then(
        (r) => {
          setItems((prev) => (offset === 0 ? r.page.items : [...prev, ...r.page.items]));
          setTotal(r.page.total);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    },
    [engine, classIndex, excludeWeak, parent],
  );
  // The first page of the top level comes with the pane's answer; deeper levels ask for theirs.
  const hasFirst = props.first !== undefined;
  useEffect(() => {
    if (!hasFirst) load(0);
  }, [load, hasFirst]);
  const only = total === 1;
  return (
    <>
      {error && <div className="error-inline">{error}</div>}
      {items.map((row, i) => (
        <PathNode
          key={row.node}
          row={row}
          classIndex={classIndex}
          excludeWeak={excludeWeak}
          depth={depth}
          indent={only && parent !== -1 ? indent : indent + 1}
          autoOpen={depth < AUTO_OPEN_DEPTH && (only || (parent === -1 && i === 0))}
        />
      ))}
      {total !== null && items.length < total && (
        <button
          type="button"
          className="btn more"
          style={{ marginLeft: 10 + INDENT_PX * Math.min(indent, MAX_INDENT) }}
          onClick={() => load(items.length)}
        >
          Show {Math.min(PAGE, total - items.length)} more ({formatCount(total - items.length)} left)
        </button>
      )}
    </>
  );
}

function PathNode(props: {
  row: MergedPathRow;
  classIndex: number;
  excludeWeak: boolean;
  depth: number;
  indent: number;
  autoOpen: boolean;
}) {
  const { row, classIndex, excludeWeak, depth, indent, autoOpen } = props;
  const [open, setOpen] = useState(autoOpen && row.children > 0);
  const expandable = row.children > 0;
  return (
    <>
      <div className={'cells held-cols plain-row' + (open ? ' open' : '')} data-testid="merged-row">
        <span className="name" style={{ paddingLeft: 8 + INDENT_PX * Math.min(indent - 1, MAX_INDENT) }}>
          <span
            className={'twisty' + (expandable ? ' clickable' : '')}
            onClick={expandable ? () => setOpen(!open) : undefined}
            data-testid={expandable ? 'merged-twisty' : undefined}
          >
            {expandable ? (open ? '▾' : '▸') : ''}
          </span>
          {row.field !== null && <span className="dim merged-field">{row.field} → </span>}
          <ObjectName row={row.object} />
          <a
            className="pane-link"
            href={retainedHash({ kind: 'merged-path', classIndex, node: row.node, ...(excludeWeak ? {} : { excludeWeak: false }) })}
            data-testid="merged-retained-set"
            title={`What would be freed if the ${formatCount(row.count)} objects whose path runs through here were gone`}
          >
            retained set
          </a>
        </span>
        <NumCell value={row.count} />
        <NumCell value={row.targetShallowBytes} />
      </div>
      {open && <PathChildren classIndex={classIndex} excludeWeak={excludeWeak} parent={row.node} depth={depth + 1} indent={indent} />}
    </>
  );
}
