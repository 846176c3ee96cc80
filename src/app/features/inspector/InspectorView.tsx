// Object inspector (`#/object/<address>`): sizes, fields with values (Strings decoded), outgoing references and
// referrers (paged), the path from the GC roots with a visible weak/soft/phantom toggle, "show in dominator tree";
// for a recognised JDK collection, its contents (size, capacity, fill ratio, key → value rows linking to each object).
import { useCallback, useEffect, useState } from 'react';
import type { FieldValue, ObjectDetails, Page, ReferenceRow } from '../../../core/api.ts';
import { ObjectName } from '../../components/ObjectName.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import type { Engine } from '../../engine.ts';
import { countOf, exactBytes, formatBytes, formatCount, formatPercent } from '../../format.ts';
import { objectTitle } from '../../object-text.ts';
import { retainedHash } from '../retained/selection-link.ts';
import { viewHash } from '../../routes.ts';
import { useAppStore } from '../../store.ts';
import { ClassName } from '../../components/ClassName.tsx';
import { CollectionContentsSection } from './CollectionContents.tsx';
import { PathToRoots } from './PathToRoots.tsx';

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
        {details.kind === 'instance' && <CollectionContentsSection index={index} />}
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
