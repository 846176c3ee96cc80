// The landing page's list of analyses saved in this browser (name, size, date, storage used) with open and delete,
// the total storage they use, and "Forget all".
import { useEffect, useState } from 'react';
import type { SavedAnalysisInfo } from '../../../core/api.ts';
import { deleteAllSavedAnalyses, deleteSavedAnalysis, listSavedAnalyses, storageAvailable } from '../../../worker/analysis-store.ts';
import { formatBytes } from '../../format.ts';
import { openSaved } from '../../session.ts';
import { useAppStore } from '../../store.ts';

export function SavedAnalyses() {
  const [list, setList] = useState<SavedAnalysisInfo[] | null>(null);
  const [version, setVersion] = useState(0);
  const saved = useAppStore((s) => s.saved);
  useEffect(() => {
    if (!storageAvailable()) return;
    let live = true;
    listSavedAnalyses().then(
      (items) => live && setList(items),
      () => live && setList([]),
    );
    return () => {
      live = false;
    };
  }, [version, saved]);
  if (list === null || list.length === 0) return null;
  const total = list.reduce((sum, a) => sum + a.storedBytes, 0);
  const refresh = () => setVersion((v) => v + 1);
  return (
    <section className="saved-analyses" data-testid="saved-analyses">
      <h2>Recent analyses</h2>
      <p className="dim">
        Kept in this browser's private storage, never uploaded: {formatBytes(total)} for {list.length}{' '}
        {list.length === 1 ? 'analysis' : 'analyses'}.
      </p>
      <p className="dim" data-testid="saved-redrop-note">
        Open shows every view at once; field values and String contents are read from the dump itself, and a browser keeps no access to a
        file after a reload, so drop the dump again (plain or gzip) when you need those.
      </p>
      <table className="saved-list">
        <thead>
          <tr>
            <th>Dump</th>
            <th className="num">Size</th>
            <th>Analysed</th>
            <th className="num">Storage</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <tr key={a.key} data-testid="saved-analysis">
              <td className="mono" title={a.name}>
                {a.name}
                {a.keepUnreachable && <span className="dim"> (unreachable kept)</span>}
              </td>
              <td className="num">{formatBytes(a.size)}</td>
              <td>{new Date(a.savedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}</td>
              <td className="num">{formatBytes(a.storedBytes)}</td>
              <td>
                <button type="button" className="btn" onClick={() => void openSaved(a)} data-testid="open-saved">
                  Open
                </button>{' '}
                <button
                  type="button"
                  className="btn"
                  onClick={() => void deleteSavedAnalysis(a.key).then(refresh)}
                  data-testid="delete-saved"
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn" onClick={() => void deleteAllSavedAnalyses().then(refresh)} data-testid="forget-all">
        Forget all
      </button>
    </section>
  );
}
