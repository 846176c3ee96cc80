// Treemap of the dominator tree by retained size: several levels from Engine.treemap, click to zoom into a
// node (`?root=<address>`, so back/forward zoom out too), breadcrumb, labels where they fit, tooltips. Small
// children of one class show as one box per class (`?of=<parent>&class=<index>` zooms into that class, with its
// objects listed in pages), "N others" opens the parent's children by class (`?of=<parent>&by=class`), a chain of
// single children is one box that zooms to its end. The breadcrumb shows the ends of a long dominator path, with
// "… N more …" for the levels between: what is drawn stays bounded however deep the zoomed node is.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { elidedSteps, type ObjectRow, type PathWindow, type TreemapNode } from '../../../core/api.ts';
import { ObjectName } from '../../components/ObjectName.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { countOf, formatBytes, formatCount, formatPercent } from '../../format.ts';
import { dumpText, objectTitle } from '../../object-text.ts';
import { objectHash, viewHash } from '../../routes.ts';
import { isTyping } from '../../keys.ts';
import { useAppStore } from '../../store.ts';
import { cellName, layoutTreemap, type TreemapCell } from './treemap-layout.ts';

const DEPTH = 4;
const MAX_NODES = 1500;
/** Breadcrumb steps shown from the top and above the zoomed node; more load on a click. */
const CRUMB_HEAD = 2;
const CRUMB_TAIL = 4;
const CRUMB_PAGE = 10;
const LIST_PAGE = 50;
const HEAP = 'heap';

interface Zoom {
  tree: TreemapNode;
  /** The dominator path of the zoomed object (of the parent of a class zoom); null at the heap. */
  path: PathWindow<ObjectRow> | null;
  /** The object the path leads to. */
  index: number | null;
  /** Object addresses by index, for the boxes that name a parent by index. */
  addresses: Map<number, string>;
}

function addressesOf(tree: TreemapNode): Map<number, string> {
  const out = new Map<number, string>();
  for (const stack = [tree]; stack.length > 0;) {
    const n = stack.pop()!;
    if (n.index >= 0 && n.address) out.set(n.index, n.address);
    if (n.chain?.end.address) out.set(n.chain.end.index, n.chain.end.address);
    if (n.children) stack.push(...n.children);
  }
  return out;
}

export function TreemapView({ params }: { params: Record<string, string> }) {
  const heap = useAppStore((s) => s.summary?.usedHeapBytes ?? 0);
  const rootAddress = params.root ?? '';
  const of = params.of ?? '';
  const classParam = params.class ?? '';
  const byClass = params.by === 'class';
  const zoom = useEngineQuery<Zoom>(
    async (engine) => {
      const address = of || rootAddress;
      const index = address && address !== HEAP ? await engine.findObject(address) : null;
      if (address && address !== HEAP && index === null) throw new Error(`No object at ${address}`);
      const options = {
        depth: DEPTH,
        maxNodes: MAX_NODES,
        ...(of && classParam !== '' ? { ofClass: Number(classParam) } : {}),
        ...(of && byClass ? { byClass: true } : {}),
      };
      const [tree, path] = await Promise.all([
        engine.treemap(index ?? -1, options),
        index === null ? Promise.resolve(null) : engine.dominatorPath(index, { head: CRUMB_HEAD, tail: CRUMB_TAIL }),
      ]);
      const addresses = addressesOf(tree);
      if (index !== null && address) addresses.set(index, address);
      return { tree, path, index, addresses };
    },
    [rootAddress, of, classParam, byClass],
  );

  const boxRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const cells = useMemo(
    () => (zoom.data ? layoutTreemap(zoom.data.tree, size.width, size.height) : []),
    [zoom.data, size.width, size.height],
  );
  const [hover, setHover] = useState<{ cell: TreemapCell; x: number; y: number } | null>(null);
  // A new zoom level replaces the cells: drop the tooltip of a cell that is gone.
  useEffect(() => setHover(null), [zoom.data]);

  const onCell = (cell: TreemapCell) => {
    const n = cell.node;
    const parentAddress = n.parent === undefined ? undefined : n.parent === -1 ? HEAP : zoom.data?.addresses.get(n.parent);
    if (n.index === -3 || (n.index === -2 && n.classIndex !== undefined)) {
      // The children of one class: zoom into them.
      if (parentAddress) location.hash = viewHash('treemap', { of: parentAddress, class: String(n.classIndex) });
      return;
    }
    if (n.index === -2) {
      // "N others": the parent's children, all of them, by class.
      if (parentAddress) location.hash = viewHash('treemap', { of: parentAddress, by: 'class' });
      return;
    }
    if (!n.address) return;
    if (n.chain) {
      // A folded chain zooms to its end in one click (to the chain's last object when the end holds nothing more,
      // so that the end shows as a box).
      const end = n.chain.end;
      location.hash = viewHash('treemap', { root: end.retainedBytes > end.shallowBytes ? end.address! : n.chain.last.address });
      return;
    }
    // Zoom where there is something below; a leaf opens the inspector.
    if (n.retainedBytes > n.shallowBytes) location.hash = viewHash('treemap', { root: n.address });
    else location.hash = objectHash(n.address);
  };

  // Esc zooms out one level (the path runs from the top-level dominator down to the zoomed node itself; a class
  // zoom goes back to its parent).
  const zoomPath = zoom.data?.path ?? null;
  useEffect(() => {
    if (!rootAddress && !of) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || isTyping(e.target)) return;
      if (of) {
        location.hash = of === HEAP ? viewHash('treemap') : viewHash('treemap', { root: of });
        return;
      }
      const steps = zoomPath ? [...zoomPath.head, ...zoomPath.tail] : [];
      const parent = steps.length >= 2 ? steps[steps.length - 2] : undefined;
      location.hash = parent ? viewHash('treemap', { root: parent.address }) : viewHash('treemap');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rootAddress, of, zoomPath]);

  const rootNode = zoom.data?.tree;
  return (
    <div className="treemap-view" data-testid="view-treemap">
      <div className="toolbar">
        <nav className="breadcrumb" aria-label="Treemap zoom" data-testid="treemap-breadcrumb">
          <a href={viewHash('treemap')}>Heap</a>
          {zoom.data?.path && zoom.data.index !== null && <Crumbs key={zoom.data.index} index={zoom.data.index} path={zoom.data.path} />}
          {of && rootNode && (rootNode.index === -3 || byClass) && (
            <span>
              <span className="crumb-sep">›</span>
              <span data-testid="treemap-crumb-group">{rootNode.index === -3 ? cellName(rootNode) : 'children by class'}</span>
            </span>
          )}
        </nav>
        <span className="toolbar-status">
          {zoom.error ? (
            <span className="error-inline">{zoom.error}</span>
          ) : rootNode ? (
            <>
              {formatBytes(rootNode.retainedBytes)} ({formatPercent(rootNode.retainedBytes, heap)} of the heap) · click to zoom
              {rootNode.address && !of && (
                <>
                  {' · '}
                  <a href={objectHash(rootNode.address)}>inspect {cellName(rootNode)}</a>
                </>
              )}
            </>
          ) : (
            'Loading…'
          )}
        </span>
      </div>
      <div className="treemap-box" ref={boxRef} data-testid="treemap" onMouseLeave={() => setHover(null)}>
        {cells.map((c) => (
          <div
            key={c.key}
            className={'tm-cell' + (c.hasChildren ? ' parent' : '') + (c.hue === null ? ' folded' : '')}
            style={{ left: c.x, top: c.y, width: c.width, height: c.height, ['--h' as string]: c.hue ?? 0, ['--d' as string]: c.depth }}
            onClick={(e) => {
              e.stopPropagation();
              onCell(c);
            }}
            onMouseMove={(e) => {
              e.stopPropagation();
              const box = boxRef.current!.getBoundingClientRect();
              setHover({ cell: c, x: e.clientX - box.left, y: e.clientY - box.top });
            }}
            data-testid="treemap-cell"
            data-address={c.node.address}
            data-kind={c.node.index === -2 ? 'others' : c.node.index === -3 ? 'class' : c.node.chain ? 'chain' : 'object'}
          >
            {c.label !== null && <span className="tm-label">{c.label}</span>}
          </div>
        ))}
        {hover && <Tooltip cell={hover.cell} x={hover.x} y={hover.y} heap={heap} box={size} />}
      </div>
      {of && classParam !== '' && zoom.data?.path !== undefined && (
        <ClassMembers key={`${of}:${classParam}`} parent={zoom.data.index ?? -1} classIndex={Number(classParam)} heap={heap} />
      )}
      {of && byClass && rootNode && <ChildClasses key={of} parent={zoom.data?.index ?? -1} parentAddress={of} />}
      <p className="dim treemap-note">
        Area is retained size. Colour follows the package. Each box's own free space is what the object holds outside the boxes drawn inside
        it; objects under 0.2% of the zoomed node are grouped by class (“2,113 × Node”) or fold into “others”; a chain of single children
        (“Node × 6,566 → …”) is one box that zooms to its end.
      </p>
    </div>
  );
}

function Tooltip({
  cell,
  x,
  y,
  heap,
  box,
}: {
  cell: TreemapCell;
  x: number;
  y: number;
  heap: number;
  box: { width: number; height: number };
}) {
  const n = cell.node;
  const left = Math.min(x + 14, Math.max(0, box.width - 320));
  const top = y + 14 + 110 > box.height ? Math.max(0, y - 120) : y + 14;
  return (
    <div className="tm-tooltip" style={{ left, top }} role="tooltip">
      <div className="cls">
        {n.index === -2
          ? countOf(n.foldedCount ?? 0, 'smaller object') + ' (click: by class)'
          : n.index === -3
            ? `${formatCount(n.foldedCount ?? 0)} × ${dumpText(n.className)}`
            : objectTitle(n).name}
      </div>
      {n.chain && (
        <div className="label">
          a chain of {formatCount(n.chain.length)} single children{n.chain.sameClass ? '' : ' (several classes)'}, opening to{' '}
          {objectTitle(n.chain.end).name} @ {n.chain.end.address}
        </div>
      )}
      {n.label && n.className !== 'java.lang.Class' && <div className="label">{n.label}</div>}
      {n.address && <div className="addr">@ {n.address}</div>}
      <div className="tm-tip-row">
        <span>Retained</span>
        <span className="num">
          {formatBytes(n.retainedBytes)} ({formatPercent(n.retainedBytes, heap)})
        </span>
      </div>
      {n.index >= 0 && (
        <div className="tm-tip-row">
          <span>Shallow</span>
          <span className="num">{formatBytes(n.shallowBytes)}</span>
        </div>
      )}
    </div>
  );
}

/** The breadcrumb of a zoomed object: the top of its dominator path and the levels above it, "… N more …" between
 *  (a click shows CRUMB_PAGE more levels after the top). */
function Crumbs({ index, path }: { index: number; path: PathWindow<ObjectRow> }) {
  const engine = useAppStore((s) => s.engine);
  const [middle, setMiddle] = useState<ObjectRow[]>([]);
  const head = [...path.head, ...middle];
  const elided = elidedSteps(path) - middle.length;
  const more = () =>
    engine?.dominatorPath(index, { offset: head.length, head: Math.min(CRUMB_PAGE, elided), tail: 0 }).then(
      (w) => setMiddle((prev) => [...prev, ...w.head]),
      () => undefined,
    );
  const crumb = (step: ObjectRow) => (
    <span key={step.index}>
      <span className="crumb-sep">›</span>
      <a
        href={viewHash('treemap', { root: step.address })}
        title={`${dumpText(step.className)} @ ${step.address}`}
        data-testid="treemap-crumb"
      >
        {cellName({
          index: step.index,
          className: step.className,
          label: step.label,
          retainedBytes: step.retainedBytes,
          shallowBytes: step.shallowBytes,
        })}
      </a>
    </span>
  );
  return (
    <>
      {head.map(crumb)}
      {elided > 0 && (
        <span>
          <span className="crumb-sep">›</span>
          <button
            type="button"
            className="linkish"
            onClick={more}
            title={`Show ${formatCount(Math.min(CRUMB_PAGE, elided))} more levels`}
            data-testid="treemap-crumb-elided"
          >
            … {formatCount(elided)} more …
          </button>
        </span>
      )}
      {path.tail.map(crumb)}
    </>
  );
}

/** The objects of one class among a node's children, largest first, in pages. */
function ClassMembers({ parent, classIndex, heap }: { parent: number; classIndex: number; heap: number }) {
  const engine = useAppStore((s) => s.engine);
  const [items, setItems] = useState<ObjectRow[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    (offset: number) =>
      engine?.dominatorChildrenOfClass(parent, classIndex, offset, LIST_PAGE).then(
        (page) => {
          setItems((prev) => [...prev.slice(0, offset), ...page.items]);
          setTotal(page.total);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      ),
    [engine, parent, classIndex],
  );
  useEffect(() => {
    void load(0);
  }, [load]);
  if (error) return <div className="error-inline">{error}</div>;
  return (
    <section className="panel treemap-list" data-testid="treemap-members">
      <div className="dim">
        {total === null ? 'Loading…' : `${formatCount(items.length)} of ${countOf(total, 'object')} of this class, largest first`}
      </div>
      <table className="fields">
        <tbody>
          {items.map((r) => (
            <tr key={r.index} data-testid="treemap-member">
              <td className="field-value">
                <ObjectName row={r} />
              </td>
              <td className="num dim">{formatBytes(r.retainedBytes)}</td>
              <td className="num dim">{formatPercent(r.retainedBytes, heap)}</td>
              <td>{r.retainedBytes > r.shallowBytes && <a href={viewHash('treemap', { root: r.address })}>zoom</a>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total !== null && items.length < total && (
        <button type="button" className="btn more" onClick={() => void load(items.length)} data-testid="treemap-members-more">
          Show {formatCount(Math.min(LIST_PAGE, total - items.length))} more
        </button>
      )}
    </section>
  );
}

/** A node's children by class (the core's aggregation over all of them), each opening its class. */
function ChildClasses({ parent, parentAddress }: { parent: number; parentAddress: string }) {
  const result = useEngineQuery((engine) => engine.dominatorChildrenByClass(parent, 0, LIST_PAGE), [parent]);
  if (result.error) return <div className="error-inline">{result.error}</div>;
  if (!result.data) return null;
  const { page } = result.data;
  return (
    <section className="panel treemap-list" data-testid="treemap-classes">
      <div className="dim">
        {countOf(result.data.children, 'child', 'children')} in {countOf(page.total, 'class', 'classes')}
        {page.total > page.items.length ? ` (the ${formatCount(page.items.length)} largest shown)` : ''}
      </div>
      <table className="fields">
        <tbody>
          {page.items.map((g) => (
            <tr key={g.classIndex} data-testid="treemap-class-row">
              <td className="field-value">
                <a href={viewHash('treemap', { of: parentAddress, class: String(g.classIndex) })}>
                  {formatCount(g.count)} × {dumpText(g.className)}
                </a>
              </td>
              <td className="num dim">{formatBytes(g.retainedBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
