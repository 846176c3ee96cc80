// "Held by": what keeps the objects of one class alive, grouped by the class of each object's immediate
// dominator (MAT's Immediate Dominators query; src/core/queries/immediate-dominators.ts). JDK classes are passed
// over by default, as in MAT, so that a byte[] is charged to the application object above its String.
import { useState } from 'react';
import type { HistogramRow, ImmediateDominatorRow, Selection } from '../../../core/api.ts';
import type { Column } from '../../../core/report/table-export.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { retainedHash } from '../retained/selection-link.ts';
import { BytesCell, NumCell } from '../../components/cells.tsx';
import { ObjectSizeRow } from '../../components/ObjectSizeRow.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { countOf, formatBytes, formatCount } from '../../format.ts';
import { ClassName } from '../../components/ClassName.tsx';

const HELD_BY_COLUMNS: Column<ImmediateDominatorRow>[] = [
  { key: 'holder_class', value: (r) => r.className },
  { key: 'holders', value: (r) => r.dominators },
  { key: 'held_objects', value: (r) => r.dominated },
  { key: 'holders_shallow_bytes', value: (r) => r.dominatorShallowBytes },
  { key: 'held_shallow_bytes', value: (r) => r.dominatedShallowBytes },
  { key: 'largest_holders', value: (r) => r.largest.map((o) => o.address).join(' ') },
];

const ROOT_HELP =
  'The walk up the dominator tree reached the virtual root: the objects are GC roots themselves, are kept alive by ' +
  'more than one path from the roots, or have only skipped classes above them (with JDK classes skipped, a class ' +
  'object is a java.lang.Class, so what a static field holds often ends here).';

export function HeldByList({ cls }: { cls: HistogramRow }) {
  const [skipJdk, setSkipJdk] = useState(true);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const result = useEngineQuery((e) => e.immediateDominators(cls.classIndex, skipJdk ? {} : { skip: '' }), [cls.classIndex, skipJdk]);
  const data = result.loading ? undefined : result.data;
  const toggle = (i: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <div className="held-by" data-testid="held-by">
      <div className="held-by-head">
        <span className="dim">Each object's immediate dominator, by class: what alone keeps it alive.</span>
        <label className="toolbar-label">
          <input
            type="checkbox"
            checked={skipJdk}
            onChange={(e) => {
              setSkipJdk(e.currentTarget.checked);
              setOpen(new Set());
            }}
            data-testid="held-by-skip"
          />
          Skip JDK classes (java.*, javax.*, com.sun.*, sun.*, jdk.*)
        </label>
      </div>
      {result.error && <div className="error-inline">{result.error}</div>}
      {!data && !result.error && <div className="dim pad">Grouping {countOf(cls.instances, 'object')}…</div>}
      {data && (
        <>
          <div className="pad-row">
            <ExportButtons name="held-by" columns={HELD_BY_COLUMNS} rows={() => data.rows} />
          </div>
          <div className="thead held-cols">
            <span>Held by (class)</span>
            <span className="num">Objects</span>
            <span className="num">Shallow</span>
          </div>
          <div className="pane-body">
            {data.rows.map((row, i) => (
              <HeldByRow
                key={`${row.classIndex}:${row.className}`}
                cls={cls}
                row={row}
                skipping={skipJdk}
                open={open.has(i)}
                onToggle={() => toggle(i)}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

function HeldByRow({
  cls,
  row,
  skipping,
  open,
  onToggle,
}: {
  cls: HistogramRow;
  row: ImmediateDominatorRow;
  skipping: boolean;
  open: boolean;
  onToggle: () => void;
}) {
  const isRoot = row.classIndex === -1;
  const selection = (side: 'held' | 'holders'): Selection => ({
    kind: 'held-by',
    classIndex: cls.classIndex,
    holderClassIndex: row.classIndex,
    side,
    ...(skipping ? {} : { skip: '' }),
  });
  const expandable = row.largest.length > 0;
  return (
    <div className="held-row" data-testid="held-by-row">
      <div
        className={'cells held-cols plain-row' + (expandable ? ' group-row' : '') + (open ? ' open' : '')}
        onClick={expandable ? onToggle : undefined}
      >
        <span className="name">
          <span className="twisty">{expandable ? (open ? '▾' : '▸') : ''}</span>
          {isRoot ? (
            <span className="dim" title={ROOT_HELP}>
              &lt;ROOT&gt; {skipping ? '(no holder outside the skipped classes)' : '(GC roots, or held by several paths)'}
            </span>
          ) : (
            <span className="cls">
              <ClassName name={row.className} />
            </span>
          )}
          {!isRoot && <span className="dim held-count"> ×{formatCount(row.dominators)}</span>}
          <a
            className="pane-link"
            href={retainedHash(selection('held'))}
            onClick={(e) => e.stopPropagation()}
            data-testid="held-by-retained-set"
            title={`What would be freed if these ${formatCount(row.dominated)} objects were gone`}
          >
            retained set
          </a>
        </span>
        <NumCell value={row.dominated} />
        <BytesCell value={row.dominatedShallowBytes} />
      </div>
      {open && (
        <div className="held-largest">
          <div className="dim">
            {row.dominators > row.largest.length
              ? `The ${row.largest.length} largest of ${formatCount(row.dominators)}`
              : `${row.dominators === 1 ? 'The holder' : `All ${formatCount(row.dominators)}`}`}
            , by retained size ({formatBytes(row.dominatorShallowBytes)} shallow in all;{' '}
            <a href={retainedHash(selection('holders'))} data-testid="holders-retained-set">
              retained set of the holders
            </a>
            ):
          </div>
          {row.largest.map((o) => (
            <ObjectSizeRow key={o.index} row={o} />
          ))}
        </div>
      )}
    </div>
  );
}
