// An object as text: class name, then its label (a String's value, a thread's name, an array's length) and
// address. Everything from the dump is rendered as React text, never as HTML.
import type { ObjectRow } from '../../core/api.ts';
import { objectTitle } from '../object-text.ts';
import { objectHash } from '../routes.ts';
import { ClassName } from './ClassName.tsx';

export function ObjectName({ row, link = true }: { row: ObjectRow; link?: boolean }) {
  const { name, label } = objectTitle(row);
  const content = (
    <>
      <span className="cls">
        <ClassName name={name} />
      </span>
      {label !== undefined && label !== '' && <span className="label"> {label}</span>}
      <span className="addr"> @ {row.address}</span>
      {row.rootTypes && row.rootTypes.length > 0 && (
        <span className="root-badge" title={'GC root: ' + row.rootTypes.join(', ')}>
          {row.rootTypes[0]}
        </span>
      )}
    </>
  );
  if (!link) return <span className="objname">{content}</span>;
  return (
    <a className="objname" href={objectHash(row.address)} data-testid="object-link" title={`${name} @ ${row.address}`}>
      {content}
    </a>
  );
}
