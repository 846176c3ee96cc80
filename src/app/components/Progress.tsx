// The analysis progress panel: phase name, percent, MB/s, time left, Cancel.
import { useEffect, useState } from 'react';
import { formatBytes, formatDuration } from '../format.ts';
import { describeProgress } from '../progress.ts';
import { cancelAnalysis } from '../session.ts';
import type { RunningAnalysis } from '../store.ts';

export function ProgressPanel({ running }: { running: RunningAnalysis }) {
  // Re-render every 500 ms so that elapsed time and the estimate move even between reports.
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(t);
  }, []);
  const p = running.progress;
  const view = p ? describeProgress(p, running.startedMs, Math.max(now, performance.now()), running.read) : null;
  return (
    <div className="progress-panel" role="status" aria-live="polite" data-testid="progress">
      <div className="progress-head">
        <span className="progress-file">{running.fileName}</span>
        <span className="dim num">
          {p?.phase === 'read' ? `${formatBytes(p.done)} of ${formatBytes(running.fileBytes)}` : formatBytes(running.fileBytes)}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(view?.overallPercent ?? 0)}
      >
        <div className="progress-fill" style={{ transform: `scaleX(${((view?.overallPercent ?? 0) / 100).toFixed(3)})` }} />
      </div>
      <div className="progress-meta">
        <span data-testid="progress-phase">{view ? `${view.label}: ${view.phasePercent.toFixed(0)}% of this step` : 'Starting…'}</span>
        <span className="num">{view ? `${view.overallPercent.toFixed(0)}% in all` : ''}</span>
        <span className="num" title="How fast the file is read, in bytes of the file as it is on disk (compressed bytes for a .gz)">
          {view?.readBytesPerSecond ? `${formatBytes(view.readBytesPerSecond)}/s of the file` : ''}
        </span>
        <span className="num">{view?.secondsLeft !== undefined ? `${formatDuration(view.secondsLeft)} left` : ''}</span>
        <button type="button" className="btn" onClick={cancelAnalysis} data-testid="cancel">
          Cancel
        </button>
      </div>
    </div>
  );
}
