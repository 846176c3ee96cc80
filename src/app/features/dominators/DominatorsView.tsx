// Dominator tree: lazily expanded rows with children in pages of 100, shallow / retained / % of heap (with a
// bar), the parent's field before each child, optional grouping of children by class (the core's aggregation
// over all children; each class pages its members), find by address, and "show in dominator tree" (`?focus=`).
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { parseHex, toHex } from '../../../core/units.ts';
import { NumCell, PercentCell } from '../../components/cells.tsx';
import { ObjectName } from '../../components/ObjectName.tsx';
import { VirtualList } from '../../components/VirtualList.tsx';
import { DominatorColumnsHeader, LoadingTreeRow, ObjectTreeRow } from '../../components/DominatorRows.tsx';
import { formatCount } from '../../format.ts';
import { objectHash, viewHash } from '../../routes.ts';
import { useAppStore } from '../../store.ts';
import { elidedSteps, type DominatorChain, type ObjectRow, type Page } from '../../../core/api.ts';
import type { Engine } from '../../engine.ts';
import { HeapSelect, useHeapChoice } from '../../components/HeapSelect.tsx';
import {
  FOLD_MIN,
  flattenTree,
  groupKey,
  mergeClasses,
  mergePage,
  parentRowOf,
  ROOT,
  rowOf,
  topLevelStatus,
  withChild,
  type ChildPage,
  type ClassPage,
  type Jump,
  type TreeRow,
} from './tree-model.ts';
import { withMember } from '../../components/set-member.ts';
import { ClassName } from '../../components/ClassName.tsx';
import { OBJECT_COLUMNS } from '../../../core/report/table-export.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';

/** Top-level dominators an export asks for at most. */
const EXPORT_MAX = 100_000;

const PAGE = 100;
const ROW_HEIGHT = 24;
/** Steps of a focused object's dominator path drawn from the top and above the object; the levels between fold
 *  into one row that opens FOCUS_PAGE more at a time. */
const FOCUS_HEAD = 8;
const FOCUS_TAIL = 8;
const FOCUS_PAGE = 20;

/** Inserts a run of path steps, each the child of the one before (below `parent`), so they show before their pages
 *  load. */
function insertPath(children: Map<number, ChildPage>, parent: number, siblings: number, steps: ObjectRow[]): void {
  for (const step of steps) {
    children.set(parent, withChild(children.get(parent), step, siblings));
    parent = step.index;
    siblings = step.dominatedCount;
  }
}

export function DominatorsView({ params }: { params: Record<string, string> }) {
  const engine = useAppStore((s) => s.engine);
  const usedHeap = useAppStore((s) => s.summary?.usedHeapBytes ?? 0);
  const [children, setChildren] = useState<ReadonlyMap<number, ChildPage>>(new Map());
  const [classes, setClasses] = useState<ReadonlyMap<number, ClassPage>>(new Map());
  const [members, setMembers] = useState<ReadonlyMap<string, ChildPage>>(new Map());
  const [fields, setFields] = useState<ReadonlyMap<number, string>>(new Map());
  const [chains, setChains] = useState<ReadonlyMap<number, DominatorChain>>(new Map());
  const [openChains, setOpenChains] = useState<ReadonlySet<number>>(new Set());
  const [unchained, setUnchained] = useState<ReadonlySet<number>>(new Set());
  const unchainedRef = useRef<ReadonlySet<number>>(unchained);
  unchainedRef.current = unchained;
  const [jumps, setJumps] = useState<ReadonlyMap<number, Jump>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [expandedGroups, setExpandedGroups] = useState<ReadonlySet<string>>(new Set());
  const [groupChoice, setGroupByClass] = useState(params.group === 'class');
  // Android: limited to one heap (the app heap first): each node's children that retain bytes in it, each with
  // that part as its retained size. Grouping by class and folding chains are over every heap: not offered then.
  const heapChoice = useHeapChoice(params);
  const heapIndex = heapChoice.index;
  const groupByClass = groupChoice && heapIndex < 0;
  const [selected, setSelected] = useState(-1);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [findText, setFindText] = useState(params.focus ?? '');
  const requested = useRef(new Set<string>());
  const heap = heapChoice.heap?.shallowBytes ?? usedHeap;

  /** Asks once per key; a failed request may be asked again. */
  const request = useCallback(<T,>(key: string, ask: () => Promise<T>, done: (result: T) => void) => {
    if (requested.current.has(key)) return;
    requested.current.add(key);
    ask().then(done, (e: unknown) => {
      requested.current.delete(key);
      setMessage(e instanceof Error ? e.message : String(e));
    });
  }, []);

  // The parent's field holding each child: best effort (a shared snapshot has none), so a failure is not shown.
  const loadFields = useCallback(
    (parent: number, rows: ObjectRow[]) => {
      if (!engine || parent === ROOT || rows.length === 0) return;
      engine
        .referenceNames(
          parent,
          rows.map((r) => r.index),
        )
        .then(
          (names) =>
            setFields((prev) => {
              const next = new Map(prev);
              rows.forEach((r, i) => next.set(r.index, names[i]));
              return next;
            }),
          () => undefined,
        );
    },
    [engine],
  );

  const loadPage = useCallback(
    (parent: number, offset: number) => {
      if (!engine) return;
      request(
        `c:${parent}:${offset}`,
        () => (heapIndex < 0 ? engine.dominatorChildren(parent, offset, PAGE) : heapPage(engine, heapIndex, parent, offset)),
        (page) => {
          setChildren((prev) => new Map(prev).set(parent, mergePage(prev.get(parent), page)));
          loadFields(parent, page.items);
          // An only child that has an only child starts a chain: fold it (a failure only leaves it unfolded). Not on
          // a focused path, which shows its own steps, nor in one heap (the chain is over every heap).
          const only = page.total === 1 && heapIndex < 0 ? page.items[0] : undefined;
          if (only && only.dominatedCount === 1 && !unchainedRef.current.has(parent)) {
            engine.dominatorChain(only.index).then(
              (chain) => chain.length >= FOLD_MIN && setChains((prev) => new Map(prev).set(parent, chain)),
              () => undefined,
            );
          }
        },
      );
    },
    [engine, request, loadFields, heapIndex],
  );

  const loadClasses = useCallback(
    (parent: number, offset: number) => {
      if (!engine) return;
      request(
        `g:${parent}:${offset}`,
        () => engine.dominatorChildrenByClass(parent, offset, PAGE),
        (result) => setClasses((prev) => new Map(prev).set(parent, mergeClasses(prev.get(parent), result))),
      );
    },
    [engine, request],
  );

  const loadMembers = useCallback(
    (parent: number, classIndex: number, offset: number) => {
      if (!engine) return;
      const key = groupKey(parent, classIndex);
      request(
        `m:${key}:${offset}`,
        () => engine.dominatorChildrenOfClass(parent, classIndex, offset, PAGE),
        (page) => {
          setMembers((prev) => new Map(prev).set(key, mergePage(prev.get(key), page)));
          loadFields(parent, page.items);
        },
      );
    },
    [engine, request, loadFields],
  );

  useEffect(() => {
    requested.current.clear();
    setChildren(new Map());
    setClasses(new Map());
    setMembers(new Map());
    setFields(new Map());
    setChains(new Map());
    setOpenChains(new Set());
    setUnchained(new Set());
    setJumps(new Map());
  }, [engine, heapIndex]);

  // Children (or their classes) of the root and of expanded nodes load on demand (also when only a "show in
  // tree" child was inserted so far), and the members of open class groups.
  useEffect(() => {
    for (const index of [ROOT, ...expanded]) {
      if (groupByClass) {
        if (!classes.has(index)) loadClasses(index, 0);
      } else if ((children.get(index)?.loaded ?? 0) === 0) loadPage(index, 0);
    }
    if (groupByClass) {
      for (const [parent, page] of classes) {
        for (const g of page.items) {
          const key = groupKey(parent, g.classIndex);
          if (expandedGroups.has(key) && (members.get(key)?.loaded ?? 0) === 0) loadMembers(parent, g.classIndex, 0);
        }
      }
    }
  }, [expanded, expandedGroups, groupByClass, children, classes, members, loadPage, loadClasses, loadMembers]);

  // "Show in dominator tree": expand along the dominator path and select the object.
  const focusAddress = params.focus;
  useEffect(() => {
    if (!engine || !focusAddress) return;
    let live = true;
    (async () => {
      const index = await engine.findObject(focusAddress);
      if (index === null) {
        if (live) setMessage(`No object at ${focusAddress}`);
        return;
      }
      // A window of the path: its top and the levels just above the object; a deep object (the end of a linked
      // list) leaves the levels between out, as one row.
      const path = await engine.dominatorPath(index, { head: FOCUS_HEAD, tail: FOCUS_TAIL });
      if (!live) return;
      const elided = elidedSteps(path);
      const steps = elided > 0 ? path.head : [...path.head, ...path.tail];
      if (groupByClass) {
        // Each step goes into its class group under its parent: the group's class comes from the parent's classes.
        const found: Array<{
          parent: number;
          classIndex: number;
          count: number;
          step: ObjectRow;
          result: Awaited<ReturnType<typeof engine.dominatorChildrenByClass>>;
        }> = [];
        const placeInGroups = async (from: number, list: ObjectRow[]) => {
          let parent = from;
          for (const step of list) {
            const result = await engine.dominatorChildrenByClass(parent, 0, Number.MAX_SAFE_INTEGER);
            const group = result.page.items.find((g) => g.className === step.className);
            if (!group) break;
            found.push({ parent, classIndex: group.classIndex, count: group.count, step, result });
            parent = step.index;
          }
        };
        await placeInGroups(ROOT, steps);
        // After the levels left out, the first shown step stands alone under its row; the next ones are grouped.
        if (elided > 0) await placeInGroups(path.tail[0].index, path.tail.slice(1));
        if (!live) return;
        setClasses((prev) => {
          const next = new Map(prev);
          for (const f of found) next.set(f.parent, mergeClasses(undefined, f.result));
          return next;
        });
        setMembers((prev) => {
          const next = new Map(prev);
          for (const f of found)
            next.set(groupKey(f.parent, f.classIndex), withChild(next.get(groupKey(f.parent, f.classIndex)), f.step, f.count));
          return next;
        });
        setExpandedGroups((prev) => new Set([...prev, ...found.map((f) => groupKey(f.parent, f.classIndex))]));
      }
      const shown = [...path.head, ...path.tail];
      setChildren((prev) => {
        const next = new Map(prev);
        insertPath(next, ROOT, next.get(ROOT)?.total ?? 0, steps);
        if (elided > 0) insertPath(next, path.tail[0].index, path.tail[0].dominatedCount, path.tail.slice(1));
        return next;
      });
      if (elided > 0) {
        const last = path.head[path.head.length - 1];
        setJumps((prev) => new Map(prev).set(last.index, { target: index, offset: path.head.length, elided, to: path.tail[0] }));
      }
      setUnchained((prev) => new Set([...prev, ROOT, ...shown.slice(0, -1).map((r) => r.index)]));
      setExpanded((prev) => new Set([...prev, ...shown.slice(0, -1).map((r) => r.index)]));
      setFocusIndex(index);
      setMessage(null);
    })().catch((e: unknown) => live && setMessage(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [engine, focusAddress, groupByClass, heapIndex]);

  const rows = useMemo(
    () => flattenTree({ children, expanded, expandedGroups, groupByClass, classes, members, fields, chains, openChains, unchained, jumps }),
    [children, expanded, expandedGroups, groupByClass, classes, members, fields, chains, openChains, unchained, jumps],
  );

  /** The next FOCUS_PAGE levels of a folded focused path: drawn below its last shown step. */
  const openJump = (parent: number, jump: Jump) => {
    if (!engine) return;
    engine.dominatorPath(jump.target, { offset: jump.offset, head: Math.min(FOCUS_PAGE, jump.elided), tail: 0 }).then(
      (w) => {
        const steps = w.head;
        if (steps.length === 0) return;
        const left = jump.elided - steps.length;
        const last = steps[steps.length - 1];
        setChildren((prev) => {
          const next = new Map(prev);
          insertPath(next, parent, 1, left > 0 ? steps : [...steps, jump.to]);
          return next;
        });
        setJumps((prev) => {
          const next = new Map(prev);
          next.delete(parent);
          if (left > 0) next.set(last.index, { ...jump, offset: jump.offset + steps.length, elided: left });
          return next;
        });
        setUnchained((prev) => new Set([...prev, parent, ...steps.map((r) => r.index)]));
        setExpanded((prev) => new Set([...prev, ...steps.map((r) => r.index)]));
      },
      (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
    );
  };
  const focusRow = focusIndex === null ? -1 : rowOf(rows, focusIndex);
  useEffect(() => {
    if (focusRow >= 0) setSelected(focusRow);
  }, [focusRow]);

  const setOpen = (index: number, open: boolean) => setExpanded((prev) => withMember(prev, index, open));
  const setGroupOpen = (key: string, open: boolean) => setExpandedGroups((prev) => withMember(prev, key, open));
  /** Opening a folded chain shows its end, opened too when it has children: the chain's bottom in one click. */
  const setChainOpen = (parent: number, chain: DominatorChain, open: boolean) => {
    setOpenChains((prev) => withMember(prev, parent, open));
    if (open && chain.end.dominatedCount > 0) setOpen(chain.end.index, true);
  };

  const loadMore = (r: Extract<TreeRow, { kind: 'more' }>) => {
    if (r.list.kind === 'children') loadPage(r.parent, r.nextOffset);
    else if (r.list.kind === 'classes') loadClasses(r.parent, r.nextOffset);
    else loadMembers(r.parent, r.list.classIndex, r.nextOffset);
  };

  const activate = (i: number) => {
    const r = rows[i];
    if (r?.kind === 'object') location.hash = objectHash(r.row.address);
    else if (r?.kind === 'group') setGroupOpen(r.key, !r.expanded);
    else if (r?.kind === 'chain') setChainOpen(r.parent, r.chain, !r.open);
    else if (r?.kind === 'elided') openJump(r.parent, r.jump);
    else if (r?.kind === 'more') loadMore(r);
  };

  const onKey = (e: { key: string }, i: number): boolean => {
    const r = rows[i];
    if (e.key === 'ArrowRight') {
      if (r.kind === 'object' && r.row.dominatedCount > 0) {
        if (!r.expanded) setOpen(r.row.index, true);
        else if (i + 1 < rows.length) setSelected(i + 1);
      } else if (r.kind === 'group' && !r.expanded) setGroupOpen(r.key, true);
      return true;
    }
    if (e.key === 'ArrowLeft') {
      if (r.kind === 'object' && r.expanded) setOpen(r.row.index, false);
      else if (r.kind === 'group' && r.expanded) setGroupOpen(r.key, false);
      else {
        const p = parentRowOf(rows, i);
        if (p >= 0) setSelected(p);
      }
      return true;
    }
    return false;
  };

  const find = (e: FormEvent) => {
    e.preventDefault();
    const id = parseHex(findText);
    if (id === null) {
      setMessage('Enter an address such as 0x7ff0a1b8');
      return;
    }
    location.hash = viewHash('dominators', {
      focus: toHex(id),
      group: groupByClass ? 'class' : '',
      heap: heapChoice.name === heapChoice.defaultName ? '' : heapChoice.name,
    });
  };

  const topCount = groupByClass ? classes.get(ROOT)?.children : children.get(ROOT)?.total;
  const topClasses = groupByClass ? classes.get(ROOT)?.total : undefined;
  const topOmitted = groupByClass ? undefined : children.get(ROOT)?.omitted;
  // A shared analysis holds part of the tree: grouping needs all of a node's children.
  const canGroup = !engine?.readOnly;
  return (
    <div className="table-view" data-testid="view-dominators">
      <div className="toolbar">
        <form onSubmit={find} className="toolbar-form">
          <input
            className="input mono"
            type="search"
            placeholder="Find object 0x…"
            aria-label="Find object in the dominator tree"
            value={findText}
            onChange={(e) => setFindText(e.target.value)}
            data-testid="dominator-find"
          />
          <button type="submit" className="btn">
            Find
          </button>
        </form>
        <ExportButtons
          name="dominator-tree"
          columns={OBJECT_COLUMNS}
          rows={async () =>
            engine
              ? (heapIndex < 0 ? await engine.dominatorChildren(-1, 0, EXPORT_MAX) : await heapPage(engine, heapIndex, -1, 0, EXPORT_MAX))
                  .items
              : []
          }
          disabled={!engine}
        />
        <HeapSelect choice={heapChoice} testId="dominators-heap" />
        {canGroup && (
          <label className="toolbar-label" title={heapIndex < 0 ? undefined : 'Over every heap only'}>
            <input
              type="checkbox"
              checked={groupByClass}
              disabled={heapIndex >= 0}
              onChange={(e) => setGroupByClass(e.target.checked)}
              data-testid="group-by-class"
            />{' '}
            Group children by class
          </label>
        )}
        <span className="toolbar-status" data-testid="tree-status">
          {message ? (
            <span className="error-inline">{message}</span>
          ) : topCount !== undefined ? (
            topLevelStatus(topCount, topOmitted, topClasses) +
            (heapChoice.heap ? ` retaining bytes in the ${heapChoice.heap.name} heap` : '')
          ) : (
            'Loading…'
          )}
        </span>
      </div>
      <DominatorColumnsHeader heap={heapChoice.heap?.name} />
      <VirtualList
        rowCount={rows.length}
        rowHeight={ROW_HEIGHT}
        selectedIndex={selected}
        onSelect={setSelected}
        onActivate={activate}
        onKey={onKey}
        role="tree"
        ariaLabel="Dominator tree"
        testId="dominator-tree"
        scrollToIndex={focusRow}
        renderRow={(i) => (
          <TreeRowView
            r={rows[i]}
            heap={heap}
            onToggle={setOpen}
            onGroup={setGroupOpen}
            onChain={setChainOpen}
            onMore={loadMore}
            onJump={openJump}
          />
        )}
      />
    </div>
  );
}

/** A page of a node's children that retain bytes in one heap, each with that part as its retained size; a node
 *  whose part is its own bytes has no children there (it opens to none). */
async function heapPage(engine: Engine, heap: number, parent: number, offset: number, limit = PAGE): Promise<Page<ObjectRow>> {
  const page = await engine.dominatorChildrenInHeap(heap, parent, offset, limit);
  return {
    ...page,
    items: page.items.map(({ heapRetainedBytes, inHeap, ...r }) => ({
      ...r,
      retainedBytes: heapRetainedBytes,
      dominatedCount: heapRetainedBytes > (inHeap ? r.shallowBytes : 0) ? r.dominatedCount : 0,
    })),
  };
}

function TreeRowView(props: {
  r: TreeRow;
  heap: number;
  onToggle: (index: number, open: boolean) => void;
  onGroup: (key: string, open: boolean) => void;
  onMore: (row: Extract<TreeRow, { kind: 'more' }>) => void;
  onChain: (parent: number, chain: DominatorChain, open: boolean) => void;
  onJump: (parent: number, jump: Jump) => void;
}) {
  const { r, heap } = props;
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
    case 'more':
      return (
        <div className="cells dom-cols">
          <span className="name" style={indent}>
            <span className="twisty" />
            <button type="button" className="linkish" onClick={() => props.onMore(r)} data-testid="show-more">
              Show {Math.min(PAGE, r.total - r.nextOffset)} more{r.list.kind === 'classes' ? ' classes' : ''}
            </button>
            <span className="dim">
              {' '}
              ({formatCount(r.shown)} of {formatCount(r.total)} shown)
            </span>
          </span>
        </div>
      );
    case 'group':
      return (
        <div className="cells dom-cols group-row" onClick={() => props.onGroup(r.key, !r.expanded)} data-testid="dominator-group">
          <span className="name" style={indent}>
            <span className="twisty">{r.expanded ? '▾' : '▸'}</span>
            <span className="cls">
              <ClassName name={r.className} />
            </span>
            <span className="dim"> ×{formatCount(r.count)}</span>
          </span>
          <NumCell value={r.shallowBytes} />
          <NumCell value={r.retainedBytes} />
          <PercentCell part={r.retainedBytes} total={heap} />
        </div>
      );
    case 'chain': {
      const { chain } = r;
      return (
        <div className="cells dom-cols group-row" onClick={() => props.onChain(r.parent, chain, !r.open)} data-testid="dominator-chain">
          <span className="name" style={indent}>
            <span className="twisty">{r.open ? '▾' : '▸'}</span>
            <span className="cls">
              <ClassName name={chain.start.className} />
            </span>
            <span className="dim">
              {' '}
              × {formatCount(chain.length)}
              {chain.sameClass ? '' : ' (and other classes)'} → …
            </span>{' '}
            <span className="dim">a chain of single children, opening to </span>
            <ObjectName row={chain.end} link={false} />
          </span>
          <NumCell value={chain.start.shallowBytes} />
          <NumCell value={chain.start.retainedBytes} />
          <PercentCell part={chain.start.retainedBytes} total={heap} />
        </div>
      );
    }
    case 'elided':
      return (
        <div className="cells dom-cols group-row" onClick={() => props.onJump(r.parent, r.jump)} data-testid="dominator-elided">
          <span className="name" style={indent}>
            <span className="twisty">⋮</span>
            <span className="dim">
              … {formatCount(r.jump.elided)} more level{r.jump.elided === 1 ? '' : 's'} … (show the next{' '}
              {formatCount(Math.min(FOCUS_PAGE, r.jump.elided))})
            </span>
          </span>
        </div>
      );
    case 'object':
      return (
        <ObjectTreeRow
          row={r.row}
          field={r.field}
          expandable={r.row.dominatedCount > 0}
          expanded={r.expanded}
          indent={indent}
          heap={heap}
          onToggle={props.onToggle}
        />
      );
  }
}
