// Object inspector (`#/object/<address>`): sizes, fields with values (Strings decoded), outgoing references and
// referrers (paged), the path from the GC roots with a visible weak/soft/phantom toggle, "show in dominator tree";
// for a recognised JDK collection, its contents (size, capacity, fill ratio, key → value rows linking to each object).
import { useCallback, useEffect, useState } from 'react';
import type {
  CollectionContents,
  CollectionValue,
  FieldValue,
  ObjectDetails,
  Page,
  PathExclude,
  PathStep,
  PathWindow,
  ReferenceRow,
} from '../../../core/api.ts';
import { ObjectName } from '../../components/ObjectName.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import type { Engine } from '../../engine.ts';
import { countOf, exactBytes, formatBytes, formatCount, formatPercent } from '../../format.ts';
import { dumpText, objectTitle } from '../../object-text.ts';
import { retainedHash } from '../retained/selection-link.ts';
import { objectHash, viewHash } from '../../routes.ts';
import { useAppStore } from '../../store.ts';
import { ClassName } from '../../components/ClassName.tsx';

const PAGE = 50;

export function InspectorView({ address }: { address: string }) {
  const heap = useAppStore((s) => s.summary?.usedHeapBytes ?? 0);
  const found = useEngineQuery(
    async (engine) => {
      const index = await engine.findObject(address);
      if (index === null) throw new Error(`No object at ${address} in this dump`);
      return { index, details: await engine.objectDetails(index) };
    },
    [address],
  );

  if (found.error) {
    return (
      <div className="inspector" data-testid="view-inspector">
        <div className="failure" role="alert">
          <div className="failure-title">{found.error}</div>
          <p>The address may come from another dump, or the object was unreachable and left out of the analysis.</p>
        </div>
      </div>
    );
  }
  if (!found.data)
    return (
      <div className="inspector dim" data-testid="view-inspector">
        Loading {address}…
      </div>
    );
  const { index, details } = found.data;
  const row = details.row;
  const title = objectTitle(row);
  return (
    <div className="inspector" data-testid="view-inspector">
      <header className="inspector-head">
        <div className="inspector-title">
          <h1 className="cls" data-testid="inspector-class">
            <ClassName name={title.name} />
          </h1>
          {title.label && <span className="label">{title.label}</span>}
          <span className="addr" data-testid="inspector-address">
            @ {row.address}
          </span>
          <CopyButton text={row.address} />
          {row.rootTypes?.map((t) => (
            <span className="root-badge" key={t}>
              GC root: {t}
            </span>
          ))}
        </div>
        <dl className="inspector-sizes">
          <div>
            <dt>Shallow</dt>
            <dd className="num" title={exactBytes(row.shallowBytes)}>
              {formatBytes(row.shallowBytes)}
            </dd>
          </div>
          <div>
            <dt>Retained</dt>
            <dd className="num" data-testid="inspector-retained" title={exactBytes(row.retainedBytes)}>
              {formatBytes(row.retainedBytes)}
            </dd>
          </div>
          <div>
            <dt>% of heap</dt>
            <dd className="num">{formatPercent(row.retainedBytes, heap)}</dd>
          </div>
          <div>
            <dt>Dominates</dt>
            <dd className="num">{countOf(row.dominatedCount, 'object')}</dd>
          </div>
        </dl>
        <div className="inspector-actions">
          <a className="btn" href={viewHash('dominators', { focus: row.address })} data-testid="show-in-tree">
            Show in dominator tree
          </a>
          <a
            className="btn"
            href={retainedHash({ kind: 'objects', indices: [row.index] })}
            data-testid="object-retained-set"
            title="What it would free, by class"
          >
            Retained set
          </a>
          {row.retainedBytes > row.shallowBytes && (
            <a className="btn" href={viewHash('treemap', { root: row.address })}>
              Treemap of what it retains
            </a>
          )}
          <span className="dim">
            Immediate dominator: {details.dominator ? <ObjectName row={details.dominator} /> : <span>GC roots (top-level)</span>}
          </span>
        </div>
      </header>
      <div className="inspector-grid">
        {details.kind === 'instance' && <Contents index={index} />}
        <section className="panel">
          <h2>{details.kind === 'class' ? 'Static fields' : details.kind === 'instance' ? 'Fields' : 'Array'}</h2>
          <Fields details={details} />
        </section>
        <section className="panel">
          <PathToRoots index={index} />
        </section>
        {row.dominatedCount > 0 && (
          <section className="panel">
            <h2>
              Retains <span className="dim">(objects it dominates, biggest first)</span>
            </h2>
            <Dominated index={index} />
          </section>
        )}
        <section className="panel">
          <h2>Outgoing references</h2>
          <References index={index} kind="outgoing" />
        </section>
        <section className="panel">
          <h2>Referrers</h2>
          <References index={index} kind="referrers" />
        </section>
      </div>
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn small"
      title="Copy the address"
      onClick={() =>
        navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function Fields({ details }: { details: ObjectDetails }) {
  return (
    <div data-testid="inspector-fields">
      {details.stringValue !== undefined && (
        <div className="string-value">
          <div className="dim">
            {details.kind === 'instance' ? 'String value' : 'As text'} ({countOf(details.stringValue.length, 'char')} shown)
          </div>
          <pre className="mono" data-testid="string-value">
            {details.stringValue}
          </pre>
        </div>
      )}
      {details.superclass && (
        <div className="kv">
          <span className="dim">superclass</span> <ObjectName row={details.superclass} />
        </div>
      )}
      {details.classLoader && (
        <div className="kv">
          <span className="dim">class loader</span> <ObjectName row={details.classLoader} />
        </div>
      )}
      {details.arrayLength !== undefined && (
        <div className="kv">
          <span className="dim">length</span> <span className="num">{formatCount(details.arrayLength)}</span>
        </div>
      )}
      <table className="fields">
        <tbody>
          {details.fields.map((f, i) => (
            <FieldRow key={'f' + i} f={f} />
          ))}
          {details.elements?.map((f, i) => (
            <FieldRow key={'e' + i} f={f} />
          ))}
        </tbody>
      </table>
      {details.fields.length === 0 && !details.elements?.length && <div className="dim">No fields.</div>}
      {details.elements && details.arrayLength !== undefined && details.elements.length < details.arrayLength && (
        <div className="dim">
          First {formatCount(details.elements.length)} of {formatCount(details.arrayLength)} elements.
        </div>
      )}
    </div>
  );
}

function FieldRow({ f }: { f: FieldValue }) {
  return (
    <tr>
      <td className="mono field-name">
        {f.isStatic && <span className="dim">static </span>}
        {f.name}
      </td>
      <td className="dim field-type">{f.type}</td>
      <td className="field-value">
        {f.ref ? <ObjectName row={f.ref} /> : <span className="mono">{f.value === null ? 'null' : f.value}</span>}
      </td>
    </tr>
  );
}

/** Steps of the path shown at its start and at its end; the steps between load a page at a time. */
const PATH_SHOWN = 12;
const PATH_PAGE = 50;

function PathToRoots({ index }: { index: number }) {
  const [excludeWeak, setExcludeWeak] = useState(true);
  // MAT's "next path" and "path to GC roots with excludes": which path, and the references left out.
  const [nth, setNth] = useState(0);
  const [exclude, setExclude] = useState<PathExclude[]>([]);
  const path = useEngineQuery(
    (engine) => engine.pathToRoots(index, { excludeWeak, nth, exclude, head: PATH_SHOWN, tail: PATH_SHOWN }),
    [index, excludeWeak, nth, exclude],
  );
  const addExclude = (e: PathExclude) => {
    if (!exclude.some((x) => x.className === e.className && x.field === e.field)) setExclude([...exclude, e]);
    setNth(0);
  };
  return (
    <>
      <h2 className="with-control">
        Path from GC roots
        <label className="toolbar-label">
          <input
            type="checkbox"
            checked={excludeWeak}
            onChange={(e) => {
              setExcludeWeak(e.target.checked);
              setNth(0);
            }}
            data-testid="exclude-weak"
          />{' '}
          Exclude weak/soft/phantom references
        </label>
      </h2>
      <div className="path-controls">
        <span className="dim" data-testid="path-number">
          {nth === 0 ? 'The shortest path' : `Path ${nth + 1}: the next GC root the search meets`}
        </span>
        <button type="button" className="btn" disabled={nth === 0} onClick={() => setNth(nth - 1)} data-testid="previous-path">
          Previous
        </button>
        <button type="button" className="btn" disabled={!path.data} onClick={() => setNth(nth + 1)} data-testid="next-path">
          Next path
        </button>
      </div>
      {exclude.length > 0 && (
        <div className="path-excludes" data-testid="path-excludes">
          Leaving out:{' '}
          {exclude.map((e, i) => (
            <span key={i} className="exclude-chip mono">
              {dumpText(e.className)}
              {e.field !== undefined ? `.${dumpText(e.field)}` : ' (all its references)'}{' '}
              <button
                type="button"
                className="linkish"
                aria-label="Use this reference again"
                onClick={() => {
                  setExclude(exclude.filter((_, k) => k !== i));
                  setNth(0);
                }}
              >
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      <div data-testid="path-to-roots">
        {path.error && <div className="error-inline">{path.error}</div>}
        {path.loading && !path.data && <div className="dim">Searching…</div>}
        {!path.loading && path.data === null && (
          <div className="dim" data-testid="no-path">
            {nth > 0
              ? 'No further path: the search met no other GC root.'
              : `No path from a GC root${excludeWeak ? ' through strong references (try including weak/soft references)' : ''}${exclude.length > 0 ? ' without the references left out' : ''}.`}
          </div>
        )}
        {path.data && (
          <PathSteps
            key={`${index}:${excludeWeak}:${nth}:${JSON.stringify(exclude)}`}
            index={index}
            search={{ excludeWeak, nth, exclude }}
            window={path.data}
            onExclude={addExclude}
          />
        )}
      </div>
    </>
  );
}

/** A path's first steps, the steps between as "… N more steps …" (each click loads the next page of them), its last
 *  steps: what is drawn is what is asked, however long the path. Each step offers to leave out its field or class. */
function PathSteps(props: {
  index: number;
  search: { excludeWeak: boolean; nth: number; exclude: PathExclude[] };
  window: PathWindow<PathStep>;
  onExclude: (e: PathExclude) => void;
}) {
  const { index, search, window, onExclude } = props;
  const engine = useAppStore((s) => s.engine);
  const [middle, setMiddle] = useState<PathStep[]>([]);
  const [error, setError] = useState<string | null>(null);
  const head = [...window.head, ...middle];
  const elided = window.length - head.length - window.tail.length;
  const more = () => {
    engine?.pathToRoots(index, { ...search, offset: head.length, head: Math.min(PATH_PAGE, elided), tail: 0 }).then(
      (w) => w && setMiddle((prev) => [...prev, ...w.head]),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const step = (s: PathStep, i: number) => (
    <li key={i} className="path-step" data-testid="path-step">
      <ObjectName row={s.object} />
      {s.field !== null && (
        <div className="path-field mono">
          .{s.field} ↓
          <span className="path-exclude">
            {' '}
            <button
              type="button"
              className="linkish"
              onClick={() => onExclude({ className: s.object.className, field: s.field!.split(', ')[0] })}
              data-testid="exclude-field"
              title={`Find a path that does not use ${s.object.className}.${s.field}`}
            >
              exclude this field
            </button>
            {' · '}
            <button
              type="button"
              className="linkish"
              onClick={() => onExclude({ className: s.object.className })}
              data-testid="exclude-class"
              title={`Find a path that does not go through any ${s.object.className}`}
            >
              exclude this class
            </button>
          </span>
        </div>
      )}
    </li>
  );
  return (
    <>
      {window.length > head.length + window.tail.length || middle.length > 0 ? (
        <div className="dim" data-testid="path-length">
          {countOf(window.length, 'step')} from a GC root
        </div>
      ) : null}
      <ol className="path">
        {head.map(step)}
        {elided > 0 && (
          <li className="path-step path-elided">
            <button type="button" className="linkish" onClick={more} data-testid="path-elided">
              … {formatCount(elided)} more step{elided === 1 ? '' : 's'} …
            </button>
            <span className="dim"> (show the next {formatCount(Math.min(PATH_PAGE, elided))})</span>
          </li>
        )}
        {window.tail.map((s, i) => step(s, head.length + elided + i))}
      </ol>
      {error && <div className="error-inline">{error}</div>}
    </>
  );
}

function Dominated({ index }: { index: number }) {
  const page = useEngineQuery((engine) => engine.dominatorChildren(index, 0, PAGE), [index]);
  if (page.error) return <div className="error-inline">{page.error}</div>;
  if (!page.data) return <div className="dim">Loading…</div>;
  return (
    <div data-testid="dominated">
      <table className="fields">
        <tbody>
          {page.data.items.map((r) => (
            <tr key={r.index}>
              <td className="field-value">
                <ObjectName row={r} />
              </td>
              <td className="num dim" title={`${exactBytes(r.retainedBytes)} retained`}>
                {formatBytes(r.retainedBytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data.total > page.data.items.length && (
        <div className="dim">
          {formatCount(page.data.total - page.data.items.length)} more in the{' '}
          <a href={viewHash('dominators', { focus: page.data.items[0]?.address ?? '' })}>dominator tree</a>
        </div>
      )}
    </div>
  );
}

function References({ index, kind }: { index: number; kind: 'outgoing' | 'referrers' }) {
  const engine = useAppStore((s) => s.engine);
  const [page, setPage] = useState<Page<ReferenceRow> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetchPage = useCallback(
    (e: Engine, offset: number) => (kind === 'outgoing' ? e.outgoing(index, offset, PAGE) : e.referrers(index, offset, PAGE)),
    [index, kind],
  );
  useEffect(() => {
    if (!engine) return;
    let live = true;
    setPage(null);
    setError(null);
    fetchPage(engine, 0).then(
      (p) => live && setPage(p),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [engine, fetchPage]);
  const more = () => {
    if (!engine || !page) return;
    fetchPage(engine, page.items.length).then(
      (p) => setPage({ offset: 0, total: p.total, items: [...page.items, ...p.items] }),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  if (error) return <div className="error-inline">{error}</div>;
  if (!page) return <div className="dim">Loading…</div>;
  return (
    <div data-testid={kind}>
      <div className="dim">{kind === 'outgoing' ? countOf(page.total, 'reference') : countOf(page.total, 'referrer')}</div>
      <table className="fields">
        <tbody>
          {page.items.map((r, i) => (
            <tr key={i}>
              <td className="mono field-name">{r.field}</td>
              <td className="field-value">
                <ObjectName row={r.object} />
              </td>
              <td className="num dim" title="retained">
                {formatBytes(r.object.retainedBytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.items.length < page.total && (
        <button type="button" className="btn more" onClick={more}>
          Show {Math.min(PAGE, page.total - page.items.length)} more
        </button>
      )}
    </div>
  );
}

/** A recognised JDK collection's entries (src/core/queries/collections.ts), paged; nothing for any other object
 *  (its fields are the view), nor where the engine cannot read them (a shared snapshot). */
function Contents({ index }: { index: number }) {
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
