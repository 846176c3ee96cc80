// The first look: while the graph and the dominator tree are computed, the largest classes of everything read
// (shallow sizes, unreachable objects included), so that a big dump shows what it holds within seconds.
import type { FirstLook } from '../../../core/api.ts';
import { formatBytes, formatCount, formatPercent } from '../../format.ts';
import { ClassName } from '../../components/ClassName.tsx';

/** Rows shown: the panel sits under the progress bar, and the full histogram comes with the results. */
const SHOWN = 12;

export function FirstLookPanel({ look }: { look: FirstLook }) {
  const rows = look.rows.slice(0, SHOWN);
  const max = rows.length > 0 ? rows[0].shallowBytes : 0;
  return (
    <section className="panel first-look" data-testid="first-look" aria-label="First look at the dump">
      <h2>
        First look <span className="dim">(as read: unreachable objects included; retained sizes come with the dominator tree)</span>
      </h2>
      <p className="first-look-totals" data-testid="first-look-totals">
        {formatCount(look.objects)} objects · {formatBytes(look.shallowBytes)} · {formatCount(look.classes)} classes
      </p>
      <div className="bars">
        {rows.map((row, i) => (
          <div className="bar-row first-look-row" key={i}>
            <div className="bar-label mono">
              <ClassName name={row.className} />
            </div>
            <div className="num dim" title="instances">
              {formatCount(row.instances)}
            </div>
            <div className="bar-track">
              <div className="bar-fill" style={{ width: `${max > 0 ? ((row.shallowBytes / max) * 100).toFixed(2) : 0}%` }} />
            </div>
            <div className="bar-value num" title={`${formatCount(row.shallowBytes)} bytes`}>
              {formatBytes(row.shallowBytes)}
            </div>
            <div className="bar-pct num dim">{formatPercent(row.shallowBytes, look.shallowBytes)}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
