// One class's side pane: its instances (largest retained first, paged; each opens the inspector), what holds
// them (HeldByList), or their merged shortest paths from the GC roots (MergedPathsList).
import { useCallback, useEffect, useState } from 'react';
import type { HistogramRow, ObjectRow } from '../../../core/api.ts';
import { ObjectSizeRow } from '../../components/ObjectSizeRow.tsx';
import { countOf, formatCount } from '../../format.ts';
import { isTyping } from '../../keys.ts';
import { useAppStore } from '../../store.ts';
import { HeldByList } from './HeldByList.tsx';
import { MergedPathsList } from './MergedPathsList.tsx';
import { ClassName } from '../../components/ClassName.tsx';
import { retainedHash } from '../retained/selection-link.ts';
import { parseSize } from './parse-size.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { OBJECT_COLUMNS } from '../../../core/report/table-export.ts';

const PAGE = 100;
/** Rows an export of the instances asks for at most. */
const EXPORT_MAX = 100_000;

export type PaneMode = 'instances' | 'held-by' | 'paths';
const MODES: [PaneMode, string][] = [
  ['instances', 'Instances'],
  ['held-by', 'Held by'],
  ['paths', 'Paths from roots'],
];

export function isPaneMode(text: string | undefined): text is PaneMode {
  return MODES.some(([m]) => m === text);
}

export function InstancesPane(props: { cls: HistogramRow; mode: PaneMode; onMode: (mode: PaneMode) => void; onClose: () => void }) {
  const { cls, mode, onMode: setMode, onClose } = props;
  const engine = useAppStore((s) => s.engine);
  const [items, setItems] = useState<ObjectRow[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [minRetained, setMinRetained] = useState('');

  const classIndex = cls.classIndex;
  const load = useCallback(
    (offset: number) => {
      if (!engine) return;
      engine.instancesOf(classIndex, offset, PAGE).then(
        (page) => {
          setItems((prev) => (offset === 0 ? page.items : [...prev, ...page.items]));
          setTotal(page.total);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    },
    [engine, classIndex],
  );
  useEffect(() => {
    setItems([]);
    setTotal(null);
    setError(null);
    load(0);
  }, [load]);

  // Esc closes the pane, unless a field has the focus (Esc there belongs to the field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !isTyping(e.target)) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const instanceList = (
    <>
      {error && <div className="error-inline">{error}</div>}
      <form
        className="pad-row"
        onSubmit={(e) => {
          e.preventDefault();
          const min = parseSize(minRetained);
          if (min !== null) location.hash = retainedHash({ kind: 'class', classIndex: cls.classIndex, minRetainedBytes: min });
        }}
      >
        <label className="toolbar-label" title="The instances that each retain at least this much (bytes, or with KB, MB, GB)">
          Retaining at least
          <input
            className={'input mono small' + (minRetained !== '' && parseSize(minRetained) === null ? ' invalid' : '')}
            value={minRetained}
            onChange={(e) => setMinRetained(e.currentTarget.value)}
            placeholder="e.g. 1 MB"
            size={8}
            data-testid="min-retained"
          />
        </label>
        <button type="submit" className="btn" disabled={parseSize(minRetained) === null} data-testid="min-retained-set">
          Their retained set
        </button>
      </form>
      <div className="pad-row">
        <ExportButtons
          name="instances"
          columns={OBJECT_COLUMNS}
          rows={async () => (engine ? (await engine.instancesOf(cls.classIndex, 0, EXPORT_MAX)).items : items)}
          disabled={total === null}
        />
        {total !== null && total > EXPORT_MAX && <span className="dim"> (the {formatCount(EXPORT_MAX)} largest)</span>}
      </div>
      <div className="thead inst-cols">
        <span>Object</span>
        <span className="num">Shallow</span>
        <span className="num">Retained</span>
      </div>
      <div className="pane-body">
        {items.map((row) => (
          <ObjectSizeRow key={row.index} row={row} />
        ))}
        {total !== null && items.length < total && (
          <button type="button" className="btn more" onClick={() => load(items.length)}>
            Show {Math.min(PAGE, total - items.length)} more ({formatCount(total - items.length)} left)
          </button>
        )}
      </div>
    </>
  );

  return (
    <aside className="side-pane" data-testid="instances-pane" aria-label={`Instances of ${cls.className}`}>
      <div className="pane-head">
        <div>
          <div className="pane-title cls">
            <ClassName name={cls.className} />
          </div>
          <div className="dim">{total === null ? 'Loading instances…' : `${countOf(total, 'instance')}, largest retained first`}</div>
          <div>
            <a
              href={retainedHash({ kind: 'class', classIndex: cls.classIndex })}
              data-testid="class-retained-set"
              title="What would be freed if every object of this class were gone"
            >
              Retained set
            </a>
            {mode === 'instances' && total !== null && items.length < total && items.length > 0 && (
              <a
                className="pane-link"
                href={retainedHash({ kind: 'class', classIndex: cls.classIndex, largest: items.length })}
                data-testid="shown-retained-set"
                title="What would be freed if the instances listed here were gone"
              >
                of the {formatCount(items.length)} listed
              </a>
            )}
          </div>
        </div>
        <button type="button" className="btn icon" onClick={onClose} aria-label="Close instances">
          ×
        </button>
      </div>
      <div className="pane-modes" role="tablist" aria-label="Show">
        {MODES.map(([m, label]) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            className={'pane-mode' + (mode === m ? ' active' : '')}
            onClick={() => setMode(m)}
            data-testid={`mode-${m}`}
          >
            {label}
          </button>
        ))}
      </div>
      {mode === 'held-by' ? <HeldByList cls={cls} /> : mode === 'paths' ? <MergedPathsList cls={cls} /> : instanceList}
    </aside>
  );
}
