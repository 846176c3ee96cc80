// The dominator tree of a shared analysis: the shared part whole (no paging), nodes cut by the share's depth or
// size limit still open to say how many children were left out, and the toolbar says how much of the top level
// is included. Links stay under the shared link's prefix (routes.ts).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ObjectRow } from '../../../core/api.ts';
import { VirtualList } from '../../components/VirtualList.tsx';
import { DominatorColumnsHeader, LoadingTreeRow, ObjectTreeRow } from '../../components/DominatorRows.tsx';
import { formatCount } from '../../format.ts';
import { objectHash } from '../../routes.ts';
import { useAppStore } from '../../store.ts';
import { flattenSharedTree, ROOT, sharedParentRowOf, sharedRowOf, type SharedTreeRow } from './shared-tree-model.ts';
import { sharedTreeCounts } from './snapshot-engine.ts';
import { topLevelText } from './share-text.ts';
import { withMember } from '../../components/set-member.ts';

const ROW_HEIGHT = 24;
/** More than a snapshot can hold (SNAPSHOT_LIMITS.maxDominatorNodes): every shared child in one answer. */
const ALL = 1_000_000;

export function SharedDominatorsView({ params }: { params: Record<string, string> }) {
  const engine = useAppStore((s) => s.engine);
  const heap = useAppStore((s) => s.summary?.usedHeapBytes ?? 0);
  const counts = useMemo(() => sharedTreeCounts(engine), [engine]);
  const omittedChildren = useMemo(() => counts?.omittedChildren ?? new Map<number, number>(), [counts]);
  const [children, setChildren] = useState<ReadonlyMap<number, readonly ObjectRow[]>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [selected, setSelected] = useState(-1);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(
    (parent: number) => {
      engine?.dominatorChildren(parent, 0, ALL).then(
        (page) => setChildren((prev) => new Map(prev).set(parent, page.items)),
        (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
      );
    },
    [engine],
  );
  useEffect(() => load(ROOT), [load]);
  useEffect(() => {
    for (const index of expanded) if (!children.has(index)) load(index);
  }, [expanded, children, load]);

  // "Show in dominator tree" (`?focus=`): open the path down to the object and select it.
  const focusAddress = params.focus;
  useEffect(() => {
    if (!engine || !focusAddress) return;
    let live = true;
    (async () => {
      const index = await engine.findObject(focusAddress);
      if (index === null) throw new Error(`No object at ${focusAddress} in this shared analysis`);
      // A snapshot holds a bounded tree: its paths come whole.
      const path = await engine.dominatorPath(index, { head: Number.MAX_SAFE_INTEGER });
      if (!live) return;
      setExpanded((prev) => new Set([...prev, ...path.head.slice(0, -1).map((r) => r.index)]));
      setFocusIndex(index);
    })().catch((e: unknown) => live && setMessage(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [engine, focusAddress]);

  const rows = useMemo(() => flattenSharedTree({ children, expanded, omittedChildren }), [children, expanded, omittedChildren]);
  const focusRow = focusIndex === null ? -1 : sharedRowOf(rows, focusIndex);
  useEffect(() => {
    if (focusRow >= 0) setSelected(focusRow);
  }, [focusRow]);

  const setOpen = (index: number, open: boolean) => setExpanded((prev) => withMember(prev, index, open));

  const onKey = (e: { key: string }, i: number): boolean => {
    const r = rows[i];
    if (e.key === 'ArrowRight') {
      if (r.kind === 'object' && r.expandable) {
        if (!r.expanded) setOpen(r.row.index, true);
        else if (i + 1 < rows.length) setSelected(i + 1);
      }
      return true;
    }
    if (e.key === 'ArrowLeft') {
      if (r.kind === 'object' && r.expanded) setOpen(r.row.index, false);
      else {
        const p = sharedParentRowOf(rows, i);
        if (p >= 0) setSelected(p);
      }
      return true;
    }
    return false;
  };

  const top = children.get(ROOT);
  return (
    <div className="table-view" data-testid="view-dominators">
      <div className="toolbar">
        <span className="toolbar-status" data-testid="shared-tree-status">
          {message ? <span className="error-inline">{message}</span> : top ? topLevelText(top.length, counts?.topLevelTotal) : 'Loading…'}
        </span>
      </div>
      <DominatorColumnsHeader />
      <VirtualList
        rowCount={rows.length}
        rowHeight={ROW_HEIGHT}
        selectedIndex={selected}
        onSelect={setSelected}
        onActivate={(i) => {
          const r = rows[i];
          if (r?.kind === 'object') location.hash = objectHash(r.row.address);
        }}
        onKey={onKey}
        role="tree"
        ariaLabel="Dominator tree (shared part)"
        testId="dominator-tree"
        scrollToIndex={focusRow}
        renderRow={(i) => <SharedTreeRowView r={rows[i]} heap={heap} onToggle={setOpen} />}
      />
    </div>
  );
}

function SharedTreeRowView({ r, heap, onToggle }: { r: SharedTreeRow; heap: number; onToggle: (index: number, open: boolean) => void }) {
  const indent = { paddingLeft: 4 + r.depth * 16 };
  switch (r.kind) {
    case 'loading':
      return <LoadingTreeRow indent={indent} />;
    case 'omitted':
      return (
        <div className="cells dom-cols" data-testid="omitted-children">
          <span className="name dim" style={indent}>
            <span className="twisty" />
            {formatCount(r.count)} more {r.count === 1 ? 'child' : 'children'} not included in this share
          </span>
        </div>
      );
    case 'object':
      return <ObjectTreeRow row={r.row} expandable={r.expandable} expanded={r.expanded} indent={indent} heap={heap} onToggle={onToggle} />;
  }
}
