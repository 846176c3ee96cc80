// MAT's leak suspects (src/core/queries/suspects.ts): each top-level dominator, or class of them, that retains
// more than 10 % of the heap; what it keeps alive by class; where a single object's memory accumulates.
import { useState } from 'react';
import type { AccumulationPoint, LeakSuspect, ObjectRow } from '../../../core/api.ts';
import { ObjectName } from '../../components/ObjectName.tsx';
import { PassStatus } from '../../components/PassStatus.tsx';
import { useEngineQuery, useHistogram } from '../../components/use-engine.ts';
import { countOf, formatBytes, formatCount, formatPercent } from '../../format.ts';
import { dumpText, objectTitle } from '../../object-text.ts';
import { objectHash, viewHash } from '../../routes.ts';
import { ClassName } from '../../components/ClassName.tsx';

/** `hideWhenMissing`: a shared snapshot without suspects shows no panel rather than an error. `heap`: limited to
 *  one Android heap (MAT's rules on each object's retained bytes in it). */
export function SuspectsPanel({ hideWhenMissing = false, heap }: { hideWhenMissing?: boolean; heap?: { index: number; name: string } }) {
  const heapIndex = heap?.index ?? -1;
  const result = useEngineQuery((e) => (heapIndex < 0 ? e.leakSuspects() : e.leakSuspectsInHeap(heapIndex)), [heapIndex]);
  // A previous heap's answer is not shown while the next one is computed.
  const data = result.data && (result.data.heap ?? null) === (heap?.name ?? null) ? result.data : undefined;
  if (hideWhenMissing && result.error) return null;
  const ofHeap = heap ? `the ${heap.name} heap` : 'the heap';
  return (
    <section className="panel suspects" data-testid="suspects" data-heap={heap?.name ?? 'all'}>
      <h2>
        Leak suspects{heap ? ` in the ${heap.name} heap` : ''}{' '}
        <span className="dim">(MAT's rules: what alone retains more than 10% of {ofHeap})</span>
      </h2>
      {result.error && <div className="error-inline">{result.error}</div>}
      {!data && !result.error && <PassStatus query={heap ? 'leakSuspectsInHeap' : 'leakSuspects'} waiting="Looking for suspects…" />}
      {data && data.suspects.length === 0 && (
        <div className="dim" data-testid="no-suspects">
          No suspect: no object, and no class of top-level dominators, retains more than {formatBytes(data.thresholdBytes)} (10%
          {heap ? ` of ${ofHeap}` : ''}).
        </div>
      )}
      {data && data.suspects.length > 0 && (
        <ol className="suspect-list">
          {data.suspects.map((s, i) => (
            <Suspect key={i} suspect={s} heap={data.usedHeapBytes} heapName={data.heap} />
          ))}
        </ol>
      )}
    </section>
  );
}

function Suspect({ suspect, heap, heapName }: { suspect: LeakSuspect; heap: number; heapName?: string }) {
  // A single object's chain starts at the object itself (one entry: no drop below it); a group's common path
  // starts at a GC root and always ends at the point.
  const chain = suspect.accumulation ?? [];
  // A long chain comes as its first and last steps, with its whole length.
  const length = suspect.accumulationLength ?? chain.length;
  const point = length > (suspect.group ? 0 : 1) ? chain[chain.length - 1] : null;
  return (
    <li className="suspect" data-testid="suspect" data-kind={suspect.kind}>
      <div className="suspect-head">
        <span className="suspect-pct num">{formatPercent(suspect.retainedBytes, heap)}</span>
        <span className="suspect-title">
          <SuspectTitle suspect={suspect} /> retain{suspect.group && suspect.group.instances > 1 ? '' : 's'}{' '}
          {formatBytes(suspect.retainedBytes)}
          {heapName !== undefined && <span className="dim"> in the {heapName} heap</span>}
          {suspect.kind === 'class' && <span className="dim"> through its static fields</span>}
          {suspect.kind === 'thread' && <span className="dim"> through its stack's local variables</span>}
        </span>
      </div>
      {point && suspect.group && (
        <div className="suspect-line" data-testid="group-point">
          Their shortest paths from the GC roots all run through <ObjectName row={point} /> (the accumulation point,{' '}
          {length === 1 ? 'a GC root itself' : `${formatCount(length - 1)} reference${length === 2 ? '' : 's'} below a GC root`})
        </div>
      )}
      {point && !suspect.group && (
        <div className="suspect-line">
          Accumulates in{' '}
          <a href={viewHash('dominators', { focus: point.address })} className="mono">
            {objectTitle(point).name} @ {point.address}
          </a>{' '}
          ({formatBytes(point.retainedBytes)}, {formatPercent(point.retainedBytes, heap)}
          {point.dominatedCount > 0 && `; it directly dominates ${countOf(point.dominatedCount, 'object')}`})
        </div>
      )}
      {suspect.loader && suspect.kind !== 'thread' && (
        <div className="suspect-line dim" data-testid="suspect-loader">
          {suspect.group ? 'Their class is loaded by ' : suspect.kind === 'class' ? 'Loaded by ' : 'Its class is loaded by '}
          <LoaderName row={suspect.loader} />
        </div>
      )}
      {suspect.point && <PointDetails point={suspect.point} heap={heap} />}
      {suspect.group && <GroupLinks classIndex={suspect.group.classIndex} />}
      {suspect.topConsumers.length > 0 && (
        <div className="suspect-line dim">
          Keeps alive:{' '}
          {suspect.topConsumers.map((c, i) => (
            <span key={i}>
              {i > 0 && ', '}
              <span className="mono">{dumpText(c.className)}</span> ({formatCount(c.instances)}, {formatBytes(c.shallowBytes)})
            </span>
          ))}
        </div>
      )}
    </li>
  );
}

/** MAT names the bootstrap loader "<system class loader>"; any other loader is an object to open. */
function LoaderName({ row }: { row: ObjectRow }) {
  return row.label === '<system class loader>' ? <span className="mono">{row.label}</span> : <ObjectName row={row} />;
}

/** ROWS_SHOWN rows of "accumulated objects by class" until the user asks for all. */
const ROWS_SHOWN = 5;

/** The accumulation point as MAT's report gives it: how it is held (the shortest path from a GC root, one line),
 *  its class loader, and what it holds by class. */
function PointDetails({ point, heap }: { point: AccumulationPoint; heap: number }) {
  const [all, setAll] = useState(false);
  const rows = all ? point.retainedByClass : point.retainedByClass.slice(0, ROWS_SHOWN);
  return (
    <>
      <div className="suspect-line" data-testid="suspect-chain">
        {point.pathFromRoot && point.chain === '' ? (
          <>
            Held by a path of {formatCount((point.pathLength ?? point.pathFromRoot.length) - 1)} references from a GC root to{' '}
            <ObjectName row={point.object} />
          </>
        ) : point.pathFromRoot ? (
          <>
            Held by{' '}
            <a
              href={objectHash(point.object.address)}
              className="mono suspect-chain"
              title="The shortest path from a GC root, field by field; open the point for the full path"
            >
              {dumpText(point.chain)}
            </a>
          </>
        ) : (
          <span className="dim">No path from a GC root once weak and soft references are left out.</span>
        )}
        <span className="dim">
          {' '}
          (the point's class is loaded by <LoaderName row={point.loader} />)
        </span>
      </div>
      {point.retainedByClass.length > 0 && (
        <table className="suspect-accumulated" data-testid="suspect-accumulated">
          <caption className="dim">Accumulated objects by class</caption>
          <thead>
            <tr>
              <th>Class</th>
              <th className="num">Objects</th>
              <th className="num">Shallow</th>
              <th className="num">% of heap</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.classIndex}>
                <td className="mono">{dumpText(c.className)}</td>
                <td className="num">{formatCount(c.objects)}</td>
                <td className="num">{formatBytes(c.shallowBytes)}</td>
                <td className="num">{formatPercent(c.shallowBytes, heap)}</td>
              </tr>
            ))}
          </tbody>
          {point.retainedByClass.length > ROWS_SHOWN && (
            <tfoot>
              <tr>
                <td colSpan={4}>
                  <button type="button" className="linkish" onClick={() => setAll(!all)}>
                    {all ? 'Show fewer' : `Show all ${formatCount(point.retainedByClass.length)} classes`}
                  </button>
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
    </>
  );
}

/** A group has no single accumulation point: where its instances are held, in the histogram's side pane. The
 *  links name the class by its class object's address (the histogram's rows carry it). */
function GroupLinks({ classIndex }: { classIndex: number }) {
  const histogram = useHistogram();
  const address = histogram.data?.find((r) => r.classIndex === classIndex)?.classAddress;
  if (address === undefined) return null;
  return (
    <div className="suspect-line" data-testid="suspect-group-links">
      Where they are held: <a href={viewHash('histogram', { class: address, pane: 'paths' })}>their paths from the GC roots</a>
      {' · '}
      <a href={viewHash('histogram', { class: address, pane: 'held-by' })}>what holds them</a>
    </div>
  );
}

function SuspectTitle({ suspect }: { suspect: LeakSuspect }) {
  if (suspect.group) {
    return (
      <>
        {formatCount(suspect.group.instances)} top-level instances of{' '}
        <a href={viewHash('histogram', { q: suspect.group.className })} className="mono">
          <ClassName name={suspect.group.className} />
        </a>
      </>
    );
  }
  if (!suspect.object) return null;
  const prefix =
    suspect.kind === 'thread'
      ? 'The thread '
      : suspect.kind === 'classloader'
        ? 'The class loader '
        : suspect.kind === 'class'
          ? 'The '
          : 'One instance of ';
  return (
    <>
      {prefix}
      <ObjectName row={suspect.object} />
    </>
  );
}
