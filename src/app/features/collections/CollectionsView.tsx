// Collections (`#/collections`; src/core/queries/collections-report.ts): every recognised JDK collection grouped
// by class, with how many hold 0, 1, 2-10, 11-100 and more entries, the mean fill ratio and the bytes their
// backing arrays waste (docs/collections.md). A class opens into the collections that waste the most, each a link
// to the inspector, whose Contents section lists its entries. The open class is kept in the URL.
import type { CollectionClassRow } from '../../../core/api.ts';
import { BytesCell, NumCell } from '../../components/cells.tsx';
import { ObjectName } from '../../components/ObjectName.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { countOf, formatBytes, formatCount } from '../../format.ts';
import { dumpText } from '../../object-text.ts';
import { viewHash } from '../../routes.ts';

export function CollectionsView({ params }: { params: Record<string, string> }) {
  const result = useEngineQuery((e) => e.collections(), []);
  const open = params.class;
  const report = result.data;
  return (
    <div className="threads-view" data-testid="view-collections">
      <div className="toolbar">
        <b>Collections</b>
        <span className="toolbar-status" data-testid="collections-status">
          {report
            ? `${countOf(report.collections, 'collection')} of ${countOf(report.classes.length, 'class', 'classes')}; ${formatBytes(report.wastedBytes)} wasted in backing arrays` +
              (report.unreadable > 0 ? `; ${formatCount(report.unreadable)} could not be read` : '')
            : ''}
        </span>
      </div>
      {result.error && <div className="error-inline">{result.error}</div>}
      {!report && !result.error && <div className="dim pad">Measuring the collections…</div>}
      {report && (
        <div className="threads-scroll">
          <div className="thead collections-cols">
            <span className="th">Class</span>
            <span className="th num">Objects</span>
            <span className="th num" title="Collections with no entry">
              Empty
            </span>
            <span className="th num">1</span>
            <span className="th num">2–10</span>
            <span className="th num">11–100</span>
            <span className="th num">&gt;100</span>
            <span className="th num" title="Mean of size / capacity over the collections with a backing array">
              Avg fill
            </span>
            <span className="th num" title="Unused slots of the arrays they own; the whole array of an empty one">
              Wasted
            </span>
            <span className="th num">Retained</span>
          </div>
          {report.classes.map((row) => (
            <CollectionClass key={row.classIndex} row={row} open={String(row.classIndex) === open} />
          ))}
          {report.classes.length === 0 && <div className="dim pad">No JDK collection in this dump.</div>}
        </div>
      )}
    </div>
  );
}

function CollectionClass({ row, open }: { row: CollectionClassRow; open: boolean }) {
  const s = row.bySize;
  const simple = row.className.slice(Math.max(row.className.lastIndexOf('.'), row.className.lastIndexOf('$')) + 1);
  return (
    <div data-testid="collection-class">
      <a
        className={'cells collections-cols plain-row group-row collection-class-row' + (open ? ' open' : '')}
        href={viewHash('collections', open ? {} : { class: String(row.classIndex) })}
      >
        <span className="name" title={dumpText(row.className)}>
          <span className="twisty">{open ? '▾' : '▸'}</span>
          <span className="cls" data-testid="collection-class-name">
            {dumpText(row.className)}
          </span>
          {simple !== row.layout && <span className="dim">{row.layout} layout</span>}
        </span>
        <NumCell value={row.objects} />
        <NumCell value={s.empty} />
        <NumCell value={s.one} />
        <NumCell value={s.upTo10} />
        <NumCell value={s.upTo100} />
        <NumCell value={s.over100} />
        <span className="num">{row.averageFillRatio === null ? '–' : row.averageFillRatio.toFixed(2)}</span>
        <BytesCell value={row.wastedBytes} />
        <BytesCell value={row.retainedBytes} />
      </a>
      {open && (
        <div className="thread-stack" data-testid="collection-waste">
          {row.emptyWithArray > 0 && (
            <div className="dim pad">{countOf(row.emptyWithArray, 'empty collection')} with a backing array of their own.</div>
          )}
          {row.largestWaste.length === 0 && <div className="dim pad">None wastes a byte by this rule.</div>}
          {row.largestWaste.map((w) => (
            <div className="cells collections-cols plain-row stack-local" key={w.object.index}>
              <span className="name">
                <ObjectName row={w.object} />
              </span>
              <span className="num" title="entries">
                {formatCount(w.size)}
              </span>
              <span className="num dim" style={{ gridColumn: 'span 5' }}>
                {w.capacity === null ? '' : `of ${formatCount(w.capacity)} slots`}
              </span>
              <span />
              <BytesCell value={w.wastedBytes} />
              <BytesCell value={w.object.retainedBytes} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
