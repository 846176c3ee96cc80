// The inspector's path from the GC roots: a window of its first and last steps, the steps between loaded a page at
// a time, the weak/soft/phantom toggle, MAT's "next path" and the fields or classes left out of the search.
import { useState } from 'react';
import type { PathExclude, PathStep, PathWindow } from '../../../core/api.ts';
import { ObjectName } from '../../components/ObjectName.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { countOf, formatCount } from '../../format.ts';
import { dumpText } from '../../object-text.ts';
import { useAppStore } from '../../store.ts';

/** Steps of the path shown at its start and at its end; the steps between load a page at a time. */
const PATH_SHOWN = 12;
const PATH_PAGE = 50;

export function PathToRoots({ index }: { index: number }) {
  const [excludeWeak, setExcludeWeak] = useState(true);
  // MAT's "next path" and "path to GC roots with excludes": which path, and the references left out.
  const [nth, setNth] = useState(0);
  const [exclude, setExclude] = useState<PathExclude[]>([]);
  const path = useEngineQuery(
    (engine) => engine.pathToRoots(index, { excludeWeak, nth, exclude, head: PATH_SHOWN, tail: PATH_SHOWN }),
    [index, excludeWeak, nth, exclude],
  );
  const addExclude = (e: PathExclude) => {
    if (!exclude.some((x) => x.className === e.className && x.field === e.field)) setExclude([...exclude, e]);
    setNth(0);
  };
  return (
    <>
      <h2 className="with-control">
        Path from GC roots
        <label className="toolbar-label">
          <input
            type="checkbox"
            checked={excludeWeak}
            onChange={(e) => {
              setExcludeWeak(e.target.checked);
              setNth(0);
            }}
            data-testid="exclude-weak"
          />{' '}
          Exclude weak/soft/phantom references
        </label>
      </h2>
      <div className="path-controls">
        <span className="dim" data-testid="path-number">
          {nth === 0 ? 'The shortest path' : `Path ${nth + 1}: the next GC root the search meets`}
        </span>
        <button type="button" className="btn" disabled={nth === 0} onClick={() => setNth(nth - 1)} data-testid="previous-path">
          Previous
        </button>
        <button type="button" className="btn" disabled={!path.data} onClick={() => setNth(nth + 1)} data-testid="next-path">
          Next path
        </button>
      </div>
      {exclude.length > 0 && (
        <div className="path-excludes" data-testid="path-excludes">
          Leaving out:{' '}
          {exclude.map((e, i) => (
            <span key={i} className="exclude-chip mono">
              {dumpText(e.className)}
              {e.field !== undefined ? `.${dumpText(e.field)}` : ' (all its references)'}{' '}
              <button
                type="button"
                className="linkish"
                aria-label="Use this reference again"
                onClick={() => {
                  setExclude(exclude.filter((_, k) => k !== i));
                  setNth(0);
                }}
              >
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      <div data-testid="path-to-roots">
        {path.error && <div className="error-inline">{path.error}</div>}
        {path.loading && !path.data && <div className="dim">Searching…</div>}
        {!path.loading && path.data === null && (
          <div className="dim" data-testid="no-path">
            {nth > 0
              ? 'No further path: the search met no other GC root.'
              : `No path from a GC root${excludeWeak ? ' through strong references (try including weak/soft references)' : ''}${exclude.length > 0 ? ' without the references left out' : ''}.`}
          </div>
        )}
        {path.data && (
          <PathSteps
            key={`${index}:${excludeWeak}:${nth}:${JSON.stringify(exclude)}`}
            index={index}
            search={{ excludeWeak, nth, exclude }}
            window={path.data}
            onExclude={addExclude}
          />
        )}
      </div>
    </>
  );
}

/** A path's first steps, the steps between as "… N more steps …" (each click loads the next page of them), its last
 *  steps: what is drawn is what is asked, however long the path. Each step offers to leave out its field or class. */
function PathSteps(props: {
  index: number;
  search: { excludeWeak: boolean; nth: number; exclude: PathExclude[] };
  window: PathWindow<PathStep>;
  onExclude: (e: PathExclude) => void;
}) {
  const { index, search, window, onExclude } = props;
  const engine = useAppStore((s) => s.engine);
  const [middle, setMiddle] = useState<PathStep[]>([]);
  const [error, setError] = useState<string | null>(null);
  const head = [...window.head, ...middle];
  const elided = window.length - head.length - window.tail.length;
  const more = () => {
    engine?.pathToRoots(index, { ...search, offset: head.length, head: Math.min(PATH_PAGE, elided), tail: 0 }).then(
      (w) => w && setMiddle((prev) => [...prev, ...w.head]),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const step = (s: PathStep, i: number) => (
    <li key={i} className="path-step" data-testid="path-step">
      <ObjectName row={s.object} />
      {s.field !== null && (
        <div className="path-field mono">
          .{s.field} ↓
          <span className="path-exclude">
            {' '}
            <button
              type="button"
              className="linkish"
              onClick={() => onExclude({ className: s.object.className, field: s.field!.split(', ')[0] })}
              data-testid="exclude-field"
              title={`Find a path that does not use ${s.object.className}.${s.field}`}
            >
              exclude this field
            </button>
            {' · '}
            <button
              type="button"
              className="linkish"
              onClick={() => onExclude({ className: s.object.className })}
              data-testid="exclude-class"
              title={`Find a path that does not go through any ${s.object.className}`}
            >
              exclude this class
            </button>
          </span>
        </div>
      )}
    </li>
  );
  return (
    <>
      {window.length > head.length + window.tail.length || middle.length > 0 ? (
        <div className="dim" data-testid="path-length">
          {countOf(window.length, 'step')} from a GC root
        </div>
      ) : null}
      <ol className="path">
        {head.map(step)}
        {elided > 0 && (
          <li className="path-step path-elided">
            <button type="button" className="linkish" onClick={more} data-testid="path-elided">
              … {formatCount(elided)} more step{elided === 1 ? '' : 's'} …
            </button>
            <span className="dim"> (show the next {formatCount(Math.min(PATH_PAGE, elided))})</span>
          </li>
        )}
        {window.tail.map((s, i) => step(s, head.length + elided + i))}
      </ol>
      {error && <div className="error-inline">{error}</div>}
    </>
  );
}
