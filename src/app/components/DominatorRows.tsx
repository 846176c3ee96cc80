// Pieces shared by the live dominator tree and a shared analysis' read-only tree: the column header and an
// object's row (twisty, name, shallow, retained, % of heap).
import type { ObjectRow } from '../../core/api.ts';
import { BytesCell, PercentCell } from './cells.tsx';
import { ObjectName } from './ObjectName.tsx';

/** `heap`: the Android heap the tree is limited to (retained sizes are parts in it). */
export function DominatorColumnsHeader({ heap }: { heap?: string } = {}) {
  return (
    <div className="thead dom-cols" role="row">
      <span className="th">Class name</span>
      <span className="th num">Shallow heap</span>
      <span className="th num" title={heap ? `Retained bytes in the ${heap} heap` : undefined}>
        {heap ? `Retained in ${heap}` : 'Retained heap'}
      </span>
      <span className="th num" title={heap ? `Share of the ${heap} heap` : undefined}>
        % of heap
      </span>
    </div>
  );
}

export function ObjectTreeRow(props: {
  row: ObjectRow;
  expandable: boolean;
  expanded: boolean;
  indent: { paddingLeft: number };
  heap: number;
  onToggle: (index: number, open: boolean) => void;
  /** The parent's field that references this object (MAT shows it before the class name). */
  field?: string;
}) {
  const { row, expandable } = props;
  return (
    <div className="cells dom-cols" data-testid="dominator-row" aria-expanded={expandable ? props.expanded : undefined}>
      <span className="name" style={props.indent}>
        <span
          className={'twisty' + (expandable ? ' clickable' : '')}
          onClick={(e) => {
            e.stopPropagation();
            if (expandable) props.onToggle(row.index, !props.expanded);
          }}
          data-testid={expandable ? 'twisty' : undefined}
        >
          {expandable ? (props.expanded ? '▾' : '▸') : ''}
        </span>
        {props.field && (
          <span className="dim mono dom-field" data-testid="dominator-field">
            {props.field}{' '}
          </span>
        )}
        <ObjectName row={row} />
      </span>
      <BytesCell value={row.shallowBytes} />
      <BytesCell value={row.retainedBytes} />
      <PercentCell part={row.retainedBytes} total={props.heap} />
    </div>
  );
}

/** A placeholder row while a node's children load. */
export function LoadingTreeRow({ indent }: { indent: { paddingLeft: number } }) {
  return (
    <div className="cells dom-cols">
      <span className="name dim" style={indent}>
        <span className="twisty" /> Loading…
      </span>
    </div>
  );
}
