// Overview: the summary figures, the callout when one object or class holds most of the heap, the top findings,
// and the biggest top-level dominators as a horizontal bar chart.
import { useMemo } from 'react';
import type { HistogramRow, Summary } from '../../../core/api.ts';
import { HeapSelect, useHeapChoice } from '../../components/HeapSelect.tsx';
import { ObjectName } from '../../components/ObjectName.tsx';
import { useEngineQuery, useHistogram, type QueryState } from '../../components/use-engine.ts';
import { countOf, formatBytes, formatCount, formatPercent } from '../../format.ts';
import { canReanalyze, reanalyzeKeepingUnreachable } from '../../session.ts';
import { objectTitle } from '../../object-text.ts';
import { objectHash, viewHash } from '../../routes.ts';
import { useAppStore } from '../../store.ts';
import { dominantCallout, topFindings } from './overview-model.ts';
import { MiddleEllipsis } from '../../components/MiddleEllipsis.tsx';
import { DuplicateStringsPanel } from './DuplicateStringsPanel.tsx';
import { SuspectsPanel } from './SuspectsPanel.tsx';
import { AnalysisChoices } from './AnalysisChoices.tsx';
import { ReportButton } from './ReportButton.tsx';

const TOP_DOMINATORS = 12;

export function OverviewView({ params = {} }: { params?: Record<string, string> }) {
  const whole = useAppStore((s) => s.summary)!;
  const title = useAppStore((s) => s.engine?.title ?? '');
  // Android: limited to one heap (the app heap first); each size is then its part in that heap.
  const heapChoice = useHeapChoice(params);
  const heapIndex = heapChoice.index;
  const top = useEngineQuery(
    (e) =>
      heapIndex < 0
        ? e.dominatorChildren(-1, 0, TOP_DOMINATORS)
        : e.dominatorChildrenInHeap(heapIndex, -1, 0, TOP_DOMINATORS).then((p) => ({
            ...p,
            items: p.items.map(({ heapRetainedBytes, inHeap: _inHeap, ...r }) => ({ ...r, retainedBytes: heapRetainedBytes })),
          })),
    [heapIndex],
  );
  const wholeHistogram = useHistogram();
  const histogram = useMemo(() => limitToHeap(wholeHistogram, heapIndex), [wholeHistogram, heapIndex]);
  const summary = useMemo(() => limitSummary(whole, heapChoice.heap), [whole, heapChoice.heap]);
  const heapWords = heapChoice.heap ? `the ${heapChoice.heap.name} heap` : 'the heap';
  const rows = top.data?.items ?? [];
  // A thread's verdict names the frame whose locals hold the heap (a shared snapshot may lack the suspects).
  const suspects = useEngineQuery((e) => (heapIndex < 0 ? e.leakSuspects() : e.leakSuspectsInHeap(heapIndex)), [heapIndex]);
  const callout = top.data ? dominantCallout(summary, rows, histogram.data, suspects.data?.suspects, heapWords) : null;
  const findings = top.data ? topFindings(summary, rows, histogram.data, heapWords) : [];
  const heap = summary.usedHeapBytes;
  // Only when one object dominates: where inside it the memory accumulates (over every heap: not shown for one).
  const dominant = heapIndex < 0 && callout && rows[0] && callout.href === objectHash(rows[0].address) ? rows[0] : null;
  const dominantIndex = dominant?.index;
  const accumulation = useEngineQuery(
    // Only its end: the chain can be as long as a linked list.
    (engine) => (dominantIndex !== undefined ? engine.accumulationPath(dominantIndex, { head: 0, tail: 1 }) : Promise.resolve(null)),
    [dominantIndex],
  );
  const point = accumulation.data && accumulation.data.length > 1 ? accumulation.data.tail[0] : null;
  const maxRetained = rows[0]?.retainedBytes ?? 1;
  // A shared snapshot may leave the suspects out: then the panel is not shown.
  const readOnly = useAppStore((s) => s.engine?.readOnly ?? true);

  return (
    <div className="overview" data-testid="view-overview">
      <SummaryFigures summary={whole} title={title} />
      <div className="overview-actions">
        <HeapSelect choice={heapChoice} testId="overview-heap" />
        {heapChoice.heap && (
          <span className="dim" data-testid="overview-heap-figures">
            The {heapChoice.heap.name} heap: {countOf(heapChoice.heap.objects, 'object')}, {formatBytes(heapChoice.heap.shallowBytes)} (
            {formatPercent(heapChoice.heap.shallowBytes, whole.usedHeapBytes)} of the used heap); the sizes below are parts in it
          </span>
        )}
        <ReportButton title={title} />
      </div>
      <div className="callout-slot">
        {callout && (
          <div className="callout" data-testid="callout">
            <span className="callout-pct">{formatPercent(callout.fraction, 1)}</span>
            <span className="callout-text">
              <a href={callout.href}>{callout.text}</a>
              {point && (
                <span className="callout-sub" data-testid="accumulation">
                  Most of it accumulates in{' '}
                  <a href={viewHash('dominators', { focus: point.address })}>
                    {objectTitle(point).name} @ {point.address}
                  </a>{' '}
                  ({formatBytes(point.retainedBytes)}
                  {point.dominatedCount > 0 && `; it directly dominates ${countOf(point.dominatedCount, 'object')}`})
                </span>
              )}
            </span>
          </div>
        )}
      </div>
      <div className="overview-grid">
        <section className="panel">
          <h2>Top findings</h2>
          <ol className="findings" data-testid="findings">
            {findings.map((f) => (
              <li key={f.title}>
                <a href={f.href}>
                  <span className="finding-title">{f.title}</span>
                  <span className="finding-detail">{f.detail}</span>
                </a>
              </li>
            ))}
            {!top.data && !top.error && <li className="dim">Loading…</li>}
          </ol>
        </section>
        <section className="panel wide">
          <h2>
            Biggest objects{' '}
            <span className="dim">
              {heapChoice.heap ? `(top-level dominators, by retained bytes in ${heapWords})` : '(top-level dominators, by retained size)'}
            </span>
          </h2>
          {top.error && <div className="error-inline">{top.error}</div>}
          {top.data && rows.length === 0 && <div className="dim">No object is reachable from a GC root.</div>}
          <div className="bars" data-testid="top-dominators" style={{ minHeight: TOP_DOMINATORS * 26 }}>
            {rows.map((row) => (
              <div className="bar-row" key={row.index}>
                <div className="bar-label">
                  <ObjectName row={row} />
                </div>
                <div className="bar-track">
                  <div className="bar-fill" style={{ width: `${((row.retainedBytes / maxRetained) * 100).toFixed(2)}%` }} />
                </div>
                <div className="bar-value num" title={`${formatCount(row.retainedBytes)} bytes`}>
                  {formatBytes(row.retainedBytes)}
                </div>
                <div className="bar-pct num dim">{formatPercent(row.retainedBytes, heap)}</div>
              </div>
            ))}
          </div>
          <a
            className="more-link"
            href={viewHash('dominators', heapChoice.name === heapChoice.defaultName ? {} : { heap: heapChoice.name })}
          >
            Open the dominator tree →
          </a>
        </section>
      </div>
      {/* Asked for once the figures above have arrived: on a big heap the suspects take the worker seconds, and
          React runs a child's effects before its parent's, so mounting the panel at once would queue its query
          ahead of theirs. */}
      {!top.loading && !histogram.loading && (
        <SuspectsPanel hideWhenMissing={readOnly} heap={heapChoice.heap && { index: heapIndex, name: heapChoice.heap.name }} />
      )}
      {/* Not in a shared snapshot (it holds no String values). */}
      {!top.loading && !histogram.loading && !readOnly && (
        <DuplicateStringsPanel
          heapBytes={summary.usedHeapBytes}
          stringCount={(wholeHistogram.data ?? []).reduce((sum, r) => sum + (r.className === 'java.lang.String' ? r.instances : 0), 0)}
        />
      )}
    </div>
  );
}

function SummaryFigures({ summary, title }: { summary: Summary; title: string }) {
  const readOnly = useAppStore((s) => s.engine?.readOnly ?? true);
  const figures: [string, string, string?][] = [
    ['File', title, `${formatBytes(summary.bytesRead)} of HPROF${summary.compressed ? ' (gzip)' : ''}`],
    [
      'Format',
      summary.format.replace(/^JAVA PROFILE /, 'HPROF '),
      `${summary.idSize * 8}-bit ids${summary.compressedRefs ? ', compressed refs' : ''}`,
    ],
    ['Used heap', formatBytes(summary.usedHeapBytes), `${formatCount(summary.usedHeapBytes)} bytes`],
    ['Objects', formatCount(summary.objects), `${formatCount(summary.instances)} instances, ${formatCount(summary.arrays)} arrays`],
    ['Classes', formatCount(summary.classes)],
    ['GC roots', formatCount(summary.gcRoots), rootTypes(summary)],
    [
      'Unreachable',
      formatBytes(summary.unreachable.shallowBytes),
      `${countOf(summary.unreachable.objects, 'object')} ${summary.keepUnreachable ? 'kept' : 'left out'}`,
    ],
  ];
  const notes = summary.notes ?? [];
  return (
    <>
      <dl className="figures" data-testid="summary">
        {figures.map(([k, v, sub]) => (
          <div className="figure" key={k}>
            <dt>{k}</dt>
            <dd title={v}>{k === 'File' ? <MiddleEllipsis text={v} title={v} /> : v}</dd>
            {sub && (
              <dd
                className={'figure-sub' + (k === 'GC roots' ? ' wrap' : '')}
                title={sub}
                data-testid={k === 'GC roots' ? 'root-types' : undefined}
              >
                {k === 'GC roots' && !readOnly ? <RootTypeLinks summary={summary} /> : sub}
                {k === 'Unreachable' && !summary.keepUnreachable && summary.unreachable.objects > 0 && !readOnly && (
                  <>
                    {' · '}
                    <a href={viewHash('unreachable')} data-testid="unreachable-link" title="The objects left out as unreachable, by class">
                      by class
                    </a>
                  </>
                )}
                {k === 'Unreachable' && !summary.keepUnreachable && summary.unreachable.objects > 0 && !readOnly && canReanalyze() && (
                  <>
                    {' · '}
                    <button
                      type="button"
                      className="linkish"
                      onClick={reanalyzeKeepingUnreachable}
                      title="Analyse the dump again with unreachable objects kept, as MAT's keep_unreachable_objects"
                    >
                      keep
                    </button>
                  </>
                )}
              </dd>
            )}
          </div>
        ))}
      </dl>
      <AnalysisChoices summary={summary} />
      {/* Facts about a healthy dump (not a loss of data): here rather than in the warning banner. */}
      {notes.length > 0 && (
        <details className="summary-notes dim" data-testid="summary-notes">
          <summary>{notes.length === 1 ? '1 note' : `${formatCount(notes.length)} notes`} on this dump</summary>
          <ul>
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** The histogram limited to one heap (-1: every heap): that heap's objects and bytes. A class's retained size in
 *  one heap is not known, so it is left out (the "biggest class" finding then is not made). */
function limitToHeap(histogram: QueryState<HistogramRow[]>, heap: number): QueryState<HistogramRow[]> {
  if (heap < 0 || !histogram.data) return histogram;
  const data: HistogramRow[] = [];
  for (const { retainedBytes: _retained, ...r } of histogram.data) {
    const h = r.byHeap?.[heap];
    if (h && h.instances > 0) data.push({ ...r, instances: h.instances, shallowBytes: h.shallowBytes });
  }
  return { ...histogram, data };
}

/** The figures the callout and findings weigh against: the heap's reachable bytes, and no unreachable objects
 *  (those are counted over the whole dump). */
function limitSummary(summary: Summary, heap: NonNullable<Summary['heaps']>[number] | undefined): Summary {
  return heap ? { ...summary, usedHeapBytes: heap.shallowBytes, unreachable: { objects: 0, shallowBytes: 0 } } : summary;
}

/** Every root type with its count, each opening its objects in the GC roots view. */
function RootTypeLinks({ summary }: { summary: Summary }) {
  const types = Object.entries(summary.gcRootsByType).sort((a, b) => b[1] - a[1]);
  return (
    <>
      {types.map(([type, n], i) => (
        <span key={type}>
          {i > 0 && ', '}
          <a href={viewHash('roots', { type })}>
            {formatCount(n)} {type}
          </a>
        </span>
      ))}
    </>
  );
}

/** Every root type with its count, the most first. */
function rootTypes(summary: Summary): string {
  return Object.entries(summary.gcRootsByType)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${formatCount(n)} ${k}`)
    .join(', ');
}
