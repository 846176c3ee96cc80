// Threads (src/core/queries/threads.ts), as MAT's "Thread Overview and Stacks": every thread, largest retained
// first, with its state; a thread opens into its stack as jstack prints it, and under each frame the objects its
// local variables hold with their sizes, linking to the inspector. Names from the dump are React text.
import { useState } from 'react';
import type { StackFrameRow, ThreadRow } from '../../../core/api.ts';
import { BytesCell, PercentCell } from '../../components/cells.tsx';
import { ObjectName } from '../../components/ObjectName.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { exactBytes, formatBytes, formatCount } from '../../format.ts';
import type { Column } from '../../../core/report/table-export.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';

const THREAD_COLUMNS: Column<ThreadRow>[] = [
  { key: 'address', value: (t) => t.object.address },
  { key: 'name', value: (t) => t.name },
  { key: 'state', value: (t) => t.state },
  { key: 'daemon', value: (t) => t.daemon },
  { key: 'priority', value: (t) => t.priority },
  { key: 'virtual', value: (t) => t.virtual },
  { key: 'shallow_bytes', value: (t) => t.object.shallowBytes },
  { key: 'retained_bytes', value: (t) => t.object.retainedBytes },
  { key: 'stack', value: (t) => t.frames?.map((f) => f.text).join('\n') },
  { key: 'max_local_retained_bytes', value: (t) => (t.frames ?? []).reduce((m, f) => Math.max(m, f.maxLocalRetainedBytes), 0) },
];

export function ThreadsView() {
  const result = useEngineQuery((e) => e.threads(), []);
  const data = result.data;
  // The largest thread is open at first: in an OOM dump it is usually the one that holds the heap.
  const [open, setOpen] = useState<Set<number> | null>(null);
  const opened = open ?? new Set(data && data.threads.length > 0 ? [data.threads[0].object.index] : []);
  const toggle = (index: number) => {
    const next = new Set(opened);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    setOpen(next);
  };
  return (
    <div className="threads-view" data-testid="view-threads">
      <div className="toolbar">
        <b>Threads</b>
        <span className="toolbar-status">
          {data
            ? `${formatCount(data.threads.length)} threads, largest retained first; open one for its stack and what each frame's locals hold`
            : ''}
        </span>
        <ExportButtons name="threads" columns={THREAD_COLUMNS} rows={() => data?.threads ?? []} disabled={!data} />
      </div>
      {result.error && <div className="error-inline">{result.error}</div>}
      {!data && !result.error && <div className="dim pad">Reading the threads…</div>}
      {data && (
        <div className="threads-scroll">
          <div className="thead thread-cols">
            <span className="th">Thread</span>
            <span className="th">State</span>
            <span className="th num">Priority</span>
            <span className="th num">Shallow</span>
            <span className="th num">Retained</span>
            <span className="th num">% of heap</span>
          </div>
          {data.threads.map((t) => (
            <ThreadBlock
              key={t.object.index}
              thread={t}
              heap={data.usedHeapBytes}
              open={opened.has(t.object.index)}
              onToggle={() => toggle(t.object.index)}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function ThreadBlock({ thread: t, heap, open, onToggle }: { thread: ThreadRow; heap: number; open: boolean; onToggle: () => void }) {
  const flags = [t.daemon ? 'daemon' : null, t.virtual ? 'virtual' : null].filter((f) => f !== null).join(', ');
  return (
    <div className="thread-block" data-testid="thread-row">
      <div className={'cells thread-cols plain-row group-row' + (open ? ' open' : '')} onClick={onToggle}>
        <span className="name">
          <span className="twisty clickable" aria-label={open ? 'Close the stack' : 'Open the stack'}>
            {open ? '▾' : '▸'}
          </span>
          <span className="thread-name" data-testid="thread-name">
            {t.name ?? '(no name)'}
          </span>
          {flags && <span className="dim"> {flags}</span>}
          <span className="dim thread-object" onClick={(e) => e.stopPropagation()}>
            <ObjectName row={t.object} />
          </span>
        </span>
        <span title={t.stateValue !== null ? `threadStatus 0x${t.stateValue.toString(16)}` : undefined}>
          {t.state ?? (t.stateValue !== null ? `state ${t.stateValue}` : '')}
        </span>
        <span className="num">{t.priority ?? ''}</span>
        <BytesCell value={t.object.shallowBytes} />
        <BytesCell value={t.object.retainedBytes} />
        <PercentCell part={t.object.retainedBytes} total={heap} />
      </div>
      {open && (
        <div className="thread-stack" data-testid="thread-stack">
          {t.contextClassLoader && (
            <div className="stack-note dim">
              Context class loader: <ObjectName row={t.contextClassLoader} />
            </div>
          )}
          {t.carrier && (
            <div className="stack-note dim">
              Mounted on carrier thread <ObjectName row={t.carrier} />
            </div>
          )}
          {t.frames === null && <div className="stack-note dim">The dump has no stack trace for this thread.</div>}
          {t.frames !== null && t.frames.length === 0 && <div className="stack-note dim">The dump gives this thread no Java frames.</div>}
          {t.frames?.map((f) => (
            <Frame key={f.depth} frame={f} heap={heap} />
          ))}
          {t.otherLocals.length > 0 && (
            <>
              <div className="stack-frame dim">locals whose frame the dump does not name</div>
              {t.otherLocals.map((l) => (
                <LocalRow key={l.index} row={l} heap={heap} />
              ))}
            </>
          )}
        </div>
      )}
    </div>
  );
}

function Frame({ frame: f, heap }: { frame: StackFrameRow; heap: number }) {
  return (
    <>
      <div className="cells thread-cols plain-row stack-frame" data-testid="stack-frame">
        <span className="name frame-text" title={`${f.className}.${f.method}${f.signature}`}>
          at {f.text}
        </span>
        <span />
        <span />
        <span />
        <span
          className="num dim"
          title={`The largest retained size among this frame's locals${f.locals.length > 0 ? ': ' + exactBytes(f.maxLocalRetainedBytes) : ''}`}
        >
          {f.locals.length > 0 ? formatBytes(f.maxLocalRetainedBytes) : ''}
        </span>
        <span />
      </div>
      {f.locals.map((l) => (
        <LocalRow key={l.index} row={l} heap={heap} />
      ))}
    </>
  );
}

function LocalRow({ row, heap }: { row: ThreadRow['object']; heap: number }) {
  return (
    <div className="cells thread-cols plain-row stack-local" data-testid="stack-local">
      <span className="name">
        <span className="dim local-tag">local</span>
        <ObjectName row={row} />
      </span>
      <span />
      <span />
      <BytesCell value={row.shallowBytes} />
      <BytesCell value={row.retainedBytes} />
      <PercentCell part={row.retainedBytes} total={heap} />
    </div>
  );
}
