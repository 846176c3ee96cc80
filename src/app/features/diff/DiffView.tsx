// The diff view: the current dump compared with another open dump taken as the baseline (both saved in this
// browser): where the heap grew (the dominator trees compared by path of classes, src/core/tree-diff.ts) and the
// change of each class. Rows are text from the dumps: rendered as text, never as HTML.
import { useEffect, useState } from 'react';
import type { TreemapNode } from '../../../core/api.ts';
import type { ClassDiffRow, TreeDiff } from '../../../core/tree-diff.ts';
import { GrowthTreemap } from './GrowthTreemap.tsx';
import { formatBytes } from '../../format.ts';
import { useAppStore } from '../../store.ts';

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'done'; baseline: string; classes: ClassDiffRow[]; tree: TreeDiff; treemap: TreemapNode };

const signed = (x: number, f: (n: number) => string = (n) => n.toLocaleString('en-US')) =>
  (x > 0 ? '+' : x < 0 ? '\u2212' : '') + f(Math.abs(x));

export function DiffView() {
  const engine = useAppStore((s) => s.engine);
  const others = useAppStore((s) => s.others).filter((e) => e.key !== undefined);
  const [baseline, setBaseline] = useState<string>(others[0]?.key ?? '');
  const [state, setState] = useState<State>({ kind: 'idle' });
  useEffect(() => setState({ kind: 'idle' }), [engine]);
  if (engine === null) return null;
  if (engine.diffWith === undefined || others.length === 0) {
    return (
      <div className="view-pad" data-testid="diff-view">
        <p className="hint">Open a second dump of the same program (Open… keeps this one open): the diff compares this dump with it.</p>
      </div>
    );
  }
  const compare = () => {
    const base = others.find((e) => e.key === baseline) ?? others[0];
    setState({ kind: 'loading' });
    engine.diffWith!({ key: base.key!, name: base.title, size: 0 }).then(
      (r) => setState({ kind: 'done', baseline: base.title, ...r }),
      (e: unknown) => setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  };
  return (
    <div className="view-pad diff-view" data-testid="diff-view">
      <div className="diff-controls">
        {engine.title} compared with{' '}
        <select
          value={baseline}
          onChange={(e) => setBaseline(e.currentTarget.value)}
          data-testid="diff-baseline"
          aria-label="Baseline dump"
        >
          {others.map((e) => (
            <option key={e.key} value={e.key}>
              {e.title}
            </option>
          ))}
        </select>{' '}
        <button type="button" className="btn primary" onClick={compare} data-testid="diff-compare" disabled={state.kind === 'loading'}>
          Compare
        </button>
      </div>
      {state.kind === 'loading' && <p role="status">Comparing…</p>}
      {state.kind === 'error' && (
        <p className="banner warn" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'done' && (
        <>
          {state.tree.warning && (
            <p className="banner warn" role="alert" data-testid="diff-warning">
              {state.tree.warning}
            </p>
          )}
          <h2>Where it grew</h2>
          <p className="dim">
            {state.tree.fieldsMatched
              ? 'The dominator trees compared by the path of classes and fields from the GC roots, largest growth in retained bytes first.'
              : 'The dominator trees compared by the path of classes from the GC roots (the baseline is read without its dump, so fields are not compared), largest growth in retained bytes first.'}
          </p>
          <GrowthTreemap root={state.treemap} growth={state.tree.growth} />
          <table className="saved-list diff-tree" data-testid="diff-tree">
            <thead>
              <tr>
                <th className="num">Δ retained</th>
                <th className="num">Δ objects below</th>
                <th>Path</th>
              </tr>
            </thead>
            <tbody>
              {state.tree.rows.map((row, i) => (
                <tr key={i} data-testid="diff-tree-row">
                  <td className="num">{signed(row.retained.delta, formatBytes)}</td>
                  <td className="num">{row.grewMost ? `${signed(row.grewMost.objects)} ${row.grewMost.className}` : ''}</td>
                  <td className="mono diff-path">
                    {row.path.map((step, k) => (
                      <span key={k}>
                        {k > 0 && ' → '}
                        {step.field !== null && k > 0 && <span className="dim">{step.field}: </span>}
                        {step.className}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>By class</h2>
          <table className="saved-list" data-testid="diff-classes">
            <thead>
              <tr>
                <th>Class</th>
                <th className="num">Δ objects</th>
                <th className="num">Δ shallow</th>
                <th className="num">Δ retained</th>
              </tr>
            </thead>
            <tbody>
              {state.classes.map((r) => (
                <tr key={r.className}>
                  <td className="mono">{r.className}</td>
                  <td className="num">{signed(r.instances)}</td>
                  <td className="num">{signed(r.shallowBytes, formatBytes)}</td>
                  <td className="num">{signed(r.retainedBytes, formatBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
