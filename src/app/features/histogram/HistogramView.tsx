// Class histogram: class, instances, shallow, retained; sort, /regex/ filter, group by package or loader,
// virtualised rows, CSV export; selecting a class lists its instances, which open the inspector.
import { HeapSelect, useHeapChoice } from '../../components/HeapSelect.tsx';
import { dumpText } from '../../object-text.ts';
import { useEffect, useMemo, useState } from 'react';
import type { HistogramRow } from '../../../core/api.ts';
import { BytesCell, NumCell } from '../../components/cells.tsx';
import { SortHeader } from '../../components/SortHeader.tsx';
import { useEngineQuery, useHistogram } from '../../components/use-engine.ts';
import { VirtualList } from '../../components/VirtualList.tsx';
import { countOf, formatBytes, formatCount } from '../../format.ts';
import { parseRoute, viewHash } from '../../routes.ts';
import { useAppStore } from '../../store.ts';
import { histogramCsv } from './csv.ts';
import {
  compileFilter,
  filterRows,
  flattenGroups,
  groupClassLists,
  groupByLoader,
  groupByPackage,
  sortRows,
  type ComparedRow,
  type DisplayRow,
  type GroupMode,
  type SortDir,
  type SortKey,
} from './histogram-model.ts';
import { InstancesPane, isPaneMode, type PaneMode } from './InstancesPane.tsx';
import { compareHistograms } from '../../../core/histogram-diff.ts';
import { BaselineControl, DeltaCell } from './BaselineControl.tsx';
import { withMember } from '../../components/set-member.ts';
import { ClassName } from '../../components/ClassName.tsx';

const ROW_HEIGHT = 24;
const COLUMNS: { key: SortKey; title: string; numeric: boolean }[] = [
  { key: 'className', title: 'Class', numeric: false },
  { key: 'instances', title: 'Objects', numeric: true },
  { key: 'shallowBytes', title: 'Shallow heap', numeric: true },
  { key: 'retainedBytes', title: 'Retained heap (min)', numeric: true },
];
/** With a baseline: the change of each class since it. */
const DELTA_COLUMNS: { key: SortKey; title: string; numeric: boolean }[] = [
  { key: 'deltaInstances', title: 'Δ Objects', numeric: true },
  { key: 'deltaShallow', title: 'Δ Shallow', numeric: true },
];

export function HistogramView({ params }: { params: Record<string, string> }) {
  const histogram = useHistogram();
  const [query, setQuery] = useState(params.q ?? '');
  const [group, setGroup] = useState<GroupMode>(params.group === 'package' || params.group === 'loader' ? params.group : 'none');
  const [sortKey, setSortKey] = useState<SortKey>(
    [...COLUMNS, ...DELTA_COLUMNS].some((c) => c.key === params.sort) ? (params.sort as SortKey) : 'shallowBytes',
  );
  const [sortDir, setSortDir] = useState<SortDir>(params.dir === 'asc' ? 'asc' : 'desc');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState(-1);
  const [openClass, setOpenClass] = useState<HistogramRow | null>(null);
  const [paneMode, setPaneMode] = useState<PaneMode>(isPaneMode(params.pane) ? params.pane : 'instances');
  // Android: one heap at a time, the app heap first (as Android Studio and ahat show it); 'all' = every heap.
  const heapChoice = useHeapChoice(params);
  const { name: heap, defaultName: defaultHeap, index: heapIndex } = heapChoice;

  // Keep the view state in the URL: a link opens the same view, the side pane included (`class` = the class
  // object's address, `pane` = its mode). Opening, closing or switching the pane is a step Back returns from
  // (`push`); filter keystrokes and sorting replace the entry instead of adding one each.
  const syncUrl = (next: Partial<Record<'q' | 'group' | 'sort' | 'dir' | 'class' | 'pane' | 'heap', string>>, push = false) => {
    const p = {
      q: query,
      heap: heap === defaultHeap ? '' : heap,
      group: group === 'none' ? '' : group,
      sort: sortKey === 'shallowBytes' ? '' : sortKey,
      dir: sortDir === 'desc' ? '' : sortDir,
      class: openClass?.classAddress ?? '',
      pane: openClass && paneMode !== 'instances' ? paneMode : '',
      ...next,
    };
    const hash = viewHash('histogram', p);
    if (push && hash !== location.hash) history.pushState(null, '', hash);
    else history.replaceState(null, '', hash);
  };
  const openPane = (row: HistogramRow | null, mode: PaneMode = 'instances') => {
    setOpenClass(row);
    setPaneMode(mode);
    syncUrl({ class: row?.classAddress ?? '', pane: row && mode !== 'instances' ? mode : '' }, true);
  };
  // A link naming a class (`?class=0x…&pane=paths`) opens its pane once the histogram has arrived.
  useEffect(() => {
    if (!histogram.data || params.class === undefined) return;
    const row = histogram.data.find((r) => r.classAddress === params.class.toLowerCase());
    if (row) setOpenClass(row);
  }, [histogram.data, params.class]);
  // Back and Forward between pane steps (entries pushed by openPane) leave the route's parameters as the view was
  // mounted with: follow the URL's pane here.
  useEffect(() => {
    const onPop = () => {
      const route = parseRoute(location.hash);
      if (route.kind !== 'view' || route.view !== 'histogram' || !histogram.data) return;
      const address = route.params.class?.toLowerCase();
      setOpenClass(address ? (histogram.data.find((r) => r.classAddress === address) ?? null) : null);
      setPaneMode(isPaneMode(route.params.pane) ? route.params.pane : 'instances');
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [histogram.data]);

  const filter = useMemo(() => compileFilter(query), [query]);
  const baseline = useAppStore((s) => s.baseline);
  const comparison = useMemo(
    () => (baseline && histogram.data ? compareHistograms(histogram.data, baseline.rows) : null),
    [baseline, histogram.data],
  );
  const all: ComparedRow[] = useMemo(() => {
    const rows = heapIndex < 0 ? (histogram.data ?? []) : inHeap(histogram.data ?? [], heapIndex);
    if (!comparison) return rows;
    return rows.map((r) => {
      const d = comparison.byName.get(r.className);
      return { ...r, deltaInstances: d?.instances ?? 0, deltaShallow: d?.shallowBytes ?? 0 };
    });
  }, [histogram.data, comparison, heapIndex]);
  const columns = comparison ? [...COLUMNS, ...DELTA_COLUMNS] : COLUMNS;
  const colsClass = 'hist-cols' + (comparison ? ' with-delta' : '');
  const loaderClasses = useMemo(() => loaderNames(group === 'loader' ? all : []), [group, all]);
  const matching = useMemo(() => filterRows(all, filter), [all, filter]);
  // The group tree is built once per filter; expanding a group only re-flattens it.
  const tree = useMemo(() => {
    if (group === 'package') return groupByPackage(matching);
    if (group === 'loader') return groupByLoader(matching, (a) => loaderName(a, loaderClasses));
    return null;
  }, [matching, group, loaderClasses]);
  // Each group's own minimum retained size, from the engine (one pass over the dominator tree per level of
  // nesting). Limited to one Android heap, the classes show their part in that heap, which this does not give.
  const groupLists = useMemo(() => (tree && heapIndex < 0 ? groupClassLists(tree) : null), [tree, heapIndex]);
  const groupRetained = useEngineQuery(
    async (e): Promise<ReadonlyMap<string, number> | null> => {
      if (!groupLists) return null;
      const values = await e.groupRetained(groupLists.classes);
      return new Map(groupLists.keys.map((k, i) => [k, values[i]]));
    },
    [groupLists],
  );
  const retainedByGroup = groupRetained.data ?? undefined;
  const display: DisplayRow[] = useMemo(() => {
    if (!tree) return sortRows(matching, sortKey, sortDir).map((row) => ({ kind: 'class' as const, depth: 0, row }));
    return flattenGroups(tree, expanded, sortKey, sortDir, retainedByGroup);
  }, [tree, matching, expanded, sortKey, sortDir, retainedByGroup]);
  const totals = useMemo(() => {
    let instances = 0;
    let shallow = 0;
    for (const r of matching) {
      instances += r.instances;
      shallow += r.shallowBytes;
    }
    return { instances, shallow };
  }, [matching]);

  const toggle = (key: string, open?: boolean) => {
    setExpanded((prev) => withMember(prev, key, open ?? !prev.has(key)));
  };
  const activate = (i: number) => {
    const r = display[i];
    if (!r) return;
    if (r.kind === 'group') toggle(r.group.key);
    else openPane(r.row);
  };
  const onSort = (key: SortKey) => {
    const dir: SortDir = key === sortKey ? (sortDir === 'desc' ? 'asc' : 'desc') : key === 'className' ? 'asc' : 'desc';
    setSortKey(key);
    setSortDir(dir);
    syncUrl({ sort: key === 'shallowBytes' ? '' : key, dir: dir === 'desc' ? '' : dir });
  };
  const exportCsv = () => {
    const rows = group === 'none' ? display.flatMap((d) => (d.kind === 'class' ? [d.row] : [])) : sortRows(matching, sortKey, sortDir);
    const url = URL.createObjectURL(new Blob([histogramCsv(rows, comparison !== null)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'histogram.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="view-split" data-testid="view-histogram">
      <div className="table-view">
        <div className="toolbar">
          <input
            className={'input mono filter' + (filter.error ? ' invalid' : '')}
            type="search"
            placeholder="Filter classes: text or /regex/"
            aria-label="Filter classes"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              syncUrl({ q: e.target.value });
            }}
            data-testid="histogram-filter"
          />
          <label className="toolbar-label">
            Group
            <select
              className="input"
              value={group}
              onChange={(e) => {
                const g = e.target.value as GroupMode;
                setGroup(g);
                setExpanded(new Set());
                syncUrl({ group: g === 'none' ? '' : g });
              }}
              data-testid="histogram-group"
            >
              <option value="none">by class</option>
              <option value="package">by package</option>
              <option value="loader">by class loader</option>
            </select>
          </label>
          <HeapSelect choice={heapChoice} testId="histogram-heap" />
          <button type="button" className="btn" onClick={exportCsv} disabled={!histogram.data} data-testid="export-csv">
            Export CSV
          </button>
          <BaselineControl comparison={comparison} />
          <span className="toolbar-status" data-testid="histogram-count">
            {filter.error ? (
              <span className="error-inline">Invalid regex: {filter.error}</span>
            ) : histogram.data ? (
              `${formatCount(matching.length)} of ${formatCount(all.length)} classes · ${formatCount(totals.instances)} objects · ${formatBytes(totals.shallow)}`
            ) : histogram.error ? (
              <span className="error-inline">{histogram.error}</span>
            ) : (
              'Loading…'
            )}
          </span>
        </div>
        <div className={'thead ' + colsClass} role="row">
          {columns.map((c) => (
            <SortHeader
              key={c.key}
              title={c.title}
              numeric={c.numeric}
              active={sortKey === c.key}
              dir={sortDir}
              onClick={() => onSort(c.key)}
            />
          ))}
        </div>
        {histogram.data && display.length === 0 && (
          <div className="empty-state" data-testid="histogram-empty">
            {all.length === 0 ? (
              'The dump holds no class with objects.'
            ) : (
              <>
                No class matches “{query}”. Clear the filter to see all {countOf(all.length, 'class', 'classes')}.
              </>
            )}
          </div>
        )}
        <VirtualList
          rowCount={display.length}
          rowHeight={ROW_HEIGHT}
          selectedIndex={selected}
          onSelect={setSelected}
          onActivate={activate}
          onKey={(e, i) => {
            const r = display[i];
            if (r?.kind !== 'group') return false;
            if (e.key === 'ArrowRight') toggle(r.group.key, true);
            else if (e.key === 'ArrowLeft') toggle(r.group.key, false);
            else return false;
            return true;
          }}
          ariaLabel="Class histogram"
          testId="histogram-table"
          resetKey={`${query}|${group}|${sortKey}|${sortDir}`}
          renderRow={(i) => {
            const r = display[i];
            if (r.kind === 'group') {
              return (
                <div className={'cells group-row ' + colsClass} onClick={() => toggle(r.group.key)}>
                  <span className="name" style={{ paddingLeft: 8 + r.depth * 16 }}>
                    <span className="twisty">{r.expanded ? '▾' : '▸'}</span>
                    <span className="pkg">{r.group.name || '(default package)'}</span>
                  </span>
                  <NumCell value={r.group.instances} />
                  <BytesCell value={r.group.shallowBytes} />
                  {/* A group's retained size is that of the set of all its objects, never a sum of its classes' (their
                      objects dominate each other): MAT's minimum retained size of the set, as for a class. */}
                  {retainedByGroup?.has(r.group.key) ? (
                    <BytesCell value={retainedByGroup.get(r.group.key)!} testId="group-retained" />
                  ) : (
                    <span
                      className="num dim"
                      title={
                        groupRetained.loading
                          ? 'Computing the retained size of each group…'
                          : heapIndex >= 0
                            ? 'Not computed within one heap: choose every heap for the groups’ retained sizes.'
                            : `Not available: ${groupRetained.error ?? 'no retained sizes'}`
                      }
                      data-testid="group-retained"
                    >
                      {groupRetained.loading && heapIndex < 0 ? '…' : '—'}
                    </span>
                  )}
                  {comparison && <span className="num dim">—</span>}
                  {comparison && <span className="num dim">—</span>}
                </div>
              );
            }
            const row: ComparedRow = r.row;
            return (
              <div
                className={'cells ' + colsClass + (openClass?.classIndex === row.classIndex ? ' open' : '')}
                onClick={() => openPane(row)}
                data-testid="histogram-row"
              >
                <span className="name cls" style={{ paddingLeft: 8 + r.depth * 16 + (group === 'none' ? 0 : 14) }}>
                  <ClassName
                    name={row.className}
                    title={`${dumpText(row.className)} (class @ ${row.classAddress}, loader ${row.loaderAddress})`}
                  />
                </span>
                <NumCell value={row.instances} />
                <BytesCell value={row.shallowBytes} />
                <BytesCell value={row.retainedBytes} />
                {comparison && <DeltaCell value={row.deltaInstances ?? 0} />}
                {comparison && <DeltaCell value={row.deltaShallow ?? 0} />}
              </div>
            );
          }}
        />
      </div>
      {openClass && (
        <InstancesPane
          cls={openClass}
          mode={paneMode}
          onMode={(mode) => {
            setPaneMode(mode);
            syncUrl({ pane: mode === 'instances' ? '' : mode }, true);
          }}
          onClose={() => openPane(null)}
        />
      )}
    </div>
  );
}

/** Names each loader address by its class (HistogramRow.loaderClassName, filled by the core). */
function loaderNames(rows: HistogramRow[]): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const r of rows) if (r.loaderClassName !== undefined) names.set(r.loaderAddress, r.loaderClassName);
  return names;
}

function loaderName(address: string, classes: ReadonlyMap<string, string>): string {
  if (address === '0x0') return '<boot class loader>';
  const cls = classes.get(address);
  return cls ? `${cls} @ ${address}` : `class loader @ ${address}`;
}

/** The rows limited to one Android heap: that heap's objects and bytes; classes with none there left out. The
 *  retained size stays the whole heap's (dominators cross heaps). */
function inHeap(rows: HistogramRow[], heap: number): HistogramRow[] {
  const out: HistogramRow[] = [];
  for (const r of rows) {
    const h = r.byHeap?.[heap];
    if (h && h.instances > 0) out.push({ ...r, instances: h.instances, shallowBytes: h.shallowBytes });
  }
  return out;
}
