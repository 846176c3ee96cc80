// Treemap of the dominator tree by retained size: several levels from Engine.treemap, click to zoom into a
// node (`?root=<address>`, so back/forward zoom out too), breadcrumb, labels where they fit, tooltips.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ObjectRow, TreemapNode } from '../../../core/api.ts';
import { useEngineQuery } from '../../components/use-engine.ts';
import { countOf, formatBytes, formatPercent } from '../../format.ts';
import { dumpText, objectTitle } from '../../object-text.ts';
import { objectHash, viewHash } from '../../routes.ts';
import { isTyping } from '../../keys.ts';
import { useAppStore } from '../../store.ts';
import { cellName, layoutTreemap, type TreemapCell } from './treemap-layout.ts';

const DEPTH = 4;
const MAX_NODES = 1500;

interface Zoom {
  tree: TreemapNode;
  path: ObjectRow[];
}

export function TreemapView({ params }: { params: Record<string, string> }) {
  const heap = useAppStore((s) => s.summary?.usedHeapBytes ?? 0);
  const rootAddress = params.root ?? '';
  const zoom = useEngineQuery<Zoom>(
    async (engine) => {
      if (!rootAddress) return { tree: await engine.treemap(-1, { depth: DEPTH, maxNodes: MAX_NODES }), path: [] };
      const index = await engine.findObject(rootAddress);
      if (index === null) throw new Error(`No object at ${rootAddress}`);
      const [tree, path] = await Promise.all([engine.treemap(index, { depth: DEPTH, maxNodes: MAX_NODES }), engine.dominatorPath(index)]);
      return { tree, path };
    },
    [rootAddress],
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

  const cells = useMemo(() => (zoom.data ? layoutTreemap(zoom.data.tree, size.width, size.height) : []), [zoom.data, size.width, size.height]);
  const [hover, setHover] = useState<{ cell: TreemapCell; x: number; y: number } | null>(null);
  // A new zoom level replaces the cells: drop the tooltip of a cell that is gone.
  useEffect(() => setHover(null), [zoom.data]);

  const onCell = (cell: TreemapCell) => {
    const n = cell.node;
    if (!n.address) return;
    // Zoom where there is something below; a leaf opens the inspector.
    if (n.retainedBytes > n.shallowBytes) location.hash = viewHash('treemap', { root: n.address });
    else location.hash = objectHash(n.address);
  };

  // Esc zooms out one level (the path runs from the top-level dominator down to the zoomed node itself).
  const zoomPath = zoom.data?.path;
  useEffect(() => {
    if (!rootAddress) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || isTyping(e.target)) return;
      const parent = zoomPath && zoomPath.length >= 2 ? zoomPath[zoomPath.length - 2] : undefined;
      location.hash = parent ? viewHash('treemap', { root: parent.address }) : viewHash('treemap');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rootAddress, zoomPath]);

  const rootNode = zoom.data?.tree;
  return (
    <div className="treemap-view" data-testid="view-treemap">
      <div className="toolbar">
        <nav className="breadcrumb" aria-label="Treemap zoom" data-testid="treemap-breadcrumb">
          <a href={viewHash('treemap')}>Heap</a>
          {zoom.data?.path.map((step) => (
            <span key={step.index}>
              <span className="crumb-sep">›</span>
              <a href={viewHash('treemap', { root: step.address })} title={`${dumpText(step.className)} @ ${step.address}`}>
                {cellName({ index: step.index, className: step.className, label: step.label, retainedBytes: step.retainedBytes, shallowBytes: step.shallowBytes })}
              </a>
            </span>
          ))}
        </nav>
        <span className="toolbar-status">
          {zoom.error ? (
            <span className="error-inline">{zoom.error}</span>
          ) : rootNode ? (
            <>
              {formatBytes(rootNode.retainedBytes)} ({formatPercent(rootNode.retainedBytes, heap)} of the heap) · click to zoom
              {rootNode.address && (
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
          >
            {c.label !== null && <span className="tm-label">{c.label}</span>}
          </div>
        ))}
        {hover && <Tooltip cell={hover.cell} x={hover.x} y={hover.y} heap={heap} box={size} />}
      </div>
      <p className="dim treemap-note">
        Area is retained size. Colour follows the package. Each box's own free space is what the object holds outside the boxes drawn inside
        it; objects under 0.2% of the zoomed node fold into “others”.
      </p>
    </div>
  );
}

function Tooltip({ cell, x, y, heap, box }: { cell: TreemapCell; x: number; y: number; heap: number; box: { width: number; height: number } }) {
  const n = cell.node;
  const left = Math.min(x + 14, Math.max(0, box.width - 320));
  const top = y + 14 + 110 > box.height ? Math.max(0, y - 120) : y + 14;
  return (
    <div className="tm-tooltip" style={{ left, top }} role="tooltip">
      <div className="cls">{n.index === -2 ? countOf(n.foldedCount ?? 0, 'smaller object') : objectTitle(n).name}</div>
      {n.label && n.className !== 'java.lang.Class' && <div className="label">{n.label}</div>}
      {n.address && <div className="addr">@ {n.address}</div>}
      <div className="tm-tip-row">
        <span>Retained</span>
        <span className="num">
          {formatBytes(n.retainedBytes)} ({formatPercent(n.retainedBytes, heap)})
        </span>
      </div>
      {n.index !== -2 && (
        <div className="tm-tip-row">
          <span>Shallow</span>
          <span className="num">{formatBytes(n.shallowBytes)}</span>
        </div>
      )}
    </div>
  );
}
