// One object on a line: its name (a link to the inspector), shallow and retained sizes, in the `inst-cols` grid.
import type { ObjectRow } from '../../core/api.ts';
import { BytesCell } from './cells.tsx';
import { ObjectName } from './ObjectName.tsx';

export function ObjectSizeRow({ row }: { row: ObjectRow }) {
  return (
    <div className="cells inst-cols plain-row">
      <span className="name">
        <ObjectName row={row} />
      </span>
      <BytesCell value={row.shallowBytes} />
      <BytesCell value={row.retainedBytes} />
    </div>
  );
}
