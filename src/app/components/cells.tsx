// Table cells shared by the views: right-aligned monospace numbers, and a retained-size cell with a bar showing
// the share of the heap.
import { exactBytes, formatBytes, formatCount, formatPercent } from '../format.ts';

export function NumCell({ value }: { value: number | undefined }) {
  return <span className="num">{value === undefined ? '…' : formatCount(value)}</span>;
}

/** A byte size in the UI's one unit convention (binary KB/MB/GB), the exact count in its tooltip. */
export function BytesCell({ value, testId }: { value: number | undefined; testId?: string }) {
  if (value === undefined) return <span className="num">…</span>;
  return (
    <span className="num" title={exactBytes(value)} data-testid={testId}>
      {formatBytes(value)}
    </span>
  );
}

export function PercentCell({ part, total }: { part: number; total: number }) {
  const fraction = total > 0 ? Math.min(1, part / total) : 0;
  return (
    <span className="num pct">
      <span className="pct-track">
        <span className="pct-bar" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
      </span>
      <span className="pct-text">{formatPercent(part, total)}</span>
    </span>
  );
}
