// The inspector's Contents section for a recognised JDK collection: size, capacity, fill ratio and its entries as
// key → value rows linking to each object, paged.
import { useEffect, useState } from 'react';
import type { CollectionContents, CollectionValue } from '../../../core/api.ts';
import { ObjectName } from '../../components/ObjectName.tsx';
import { formatCount } from '../../format.ts';
import { dumpText } from '../../object-text.ts';
import { objectHash } from '../../routes.ts';
import { useAppStore } from '../../store.ts';

const PAGE = 50;

/** A recognised JDK collection's entries (src/core/queries/collections.ts), paged; nothing for any other object
 *  (its fields are the view), nor where the engine cannot read them (a shared snapshot). */
export function CollectionContentsSection({ index }: { index: number }) {
  const engine = useAppStore((s) => s.engine);
  const [contents, setContents] = useState<CollectionContents | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!engine) return;
    let live = true;
    setContents(null);
    setError(null);
    engine.collectionContents(index, 0, PAGE).then(
      (c) => live && setContents(c),
      (e: unknown) => live && !engine.readOnly && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [engine, index]);
  if (error) {
    return (
      <section className="panel wide">
        <h2>Contents</h2>
        <div className="error-inline">{error}</div>
      </section>
    );
  }
  if (!contents) return null;
  const c = contents;
  const more = () => {
    if (!engine) return;
    engine.collectionContents(index, c.page.items.length, PAGE).then(
      (next) => next && setContents({ ...next, page: { offset: 0, total: next.page.total, items: [...c.page.items, ...next.page.items] } }),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const isMap = c.kind === 'map';
  return (
    <section className="panel wide" data-testid="collection-contents">
      <h2>
        Contents{' '}
        <span className="dim">
          ({c.layout === 'HashMap' && c.collection.className !== 'java.util.HashMap' ? 'HashMap layout, ' : ''}
          {c.kind})
        </span>
      </h2>
      <dl className="inspector-sizes contents-figures">
        <div>
          <dt>Size</dt>
          <dd className="num" data-testid="contents-size">
            {formatCount(c.size)}
          </dd>
        </div>
        {c.sizeField !== null && c.sizeField !== c.size && (
          <div>
            <dt title="The size the collection records; the entries found by walking it differ">Size field</dt>
            <dd className="num" data-testid="contents-size-field">
              {formatCount(c.sizeField)}
            </dd>
          </div>
        )}
        <div>
          <dt>Capacity</dt>
          <dd className="num" data-testid="contents-capacity">
            {c.capacity === null ? '–' : formatCount(c.capacity)}
          </dd>
        </div>
        <div>
          <dt title="size / capacity">Fill ratio</dt>
          <dd className="num" data-testid="contents-fill">
            {c.fillRatio === null ? '–' : c.fillRatio.toFixed(2)}
          </dd>
        </div>
        {c.backing && (
          <div>
            <dt>Backing array</dt>
            <dd>
              <ObjectName row={c.backing} />
            </dd>
          </div>
        )}
      </dl>
      <table className="fields contents">
        <tbody>
          {c.page.items.map((e) => (
            <tr key={e.position} data-testid="contents-row">
              <td className="num dim pos">{formatCount(e.position)}</td>
              {isMap && (
                <>
                  <td className="field-value" data-testid="contents-key">
                    {e.key && <ValueCell v={e.key} />}
                  </td>
                  <td className="dim arrow">→</td>
                </>
              )}
              <td className="field-value" data-testid="contents-value">
                <ValueCell v={e.value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.size === 0 && <div className="dim">Empty.</div>}
      {c.page.items.length < c.page.total && (
        <button type="button" className="btn more" onClick={more} data-testid="contents-more">
          Show {Math.min(PAGE, c.page.total - c.page.items.length)} more of {formatCount(c.page.total)}
        </button>
      )}
    </section>
  );
}

/** A key, value or element: a String's or a boxed number's value as text linking to the object, else the object. */
function ValueCell({ v }: { v: CollectionValue }) {
  if (v.address === null) return <span className="mono dim">null</span>;
  if (!v.object) return <span className="mono dim">{v.address} (not in the dump)</span>;
  if (v.text === undefined) return <ObjectName row={v.object} />;
  const name = dumpText(v.object.className);
  const text = dumpText(v.text);
  return (
    <a className="objname" href={objectHash(v.object.address)} data-testid="object-link" title={`${name} @ ${v.object.address}`}>
      <span className="mono value-text-main">{name === 'java.lang.String' ? `"${text}"` : text}</span>
      <span className="addr">
        {' '}
        {name.slice(name.lastIndexOf('.') + 1)} @ {v.object.address}
      </span>
    </a>
  );
}
