// Comparison with a baseline dump (an earlier dump of the same service): the histogram's change per class name,
// for the app's histogram ("Compare…") and `heapdrop diff`. Class names, not class objects, are matched: two dumps
// of one program share names, never addresses. Rows of the same name (two loaders) are summed on each side.
import type { HistogramRow } from './api.ts';

/** What the comparison keeps of the baseline: its name and its histogram by class name. */
export interface Baseline {
  fileName: string;
  rows: Array<Pick<HistogramRow, 'className' | 'instances' | 'shallowBytes'>>;
}

export interface Delta {
  instances: number;
  shallowBytes: number;
}

export interface Comparison {
  /** Change by class name (current minus baseline), for every name of the current histogram. */
  byName: Map<string, Delta>;
  /** Classes of the baseline with no object left now: their count and bytes (what disappeared). */
  gone: { classes: number; instances: number; shallowBytes: number };
  /** Totals: current minus baseline. */
  total: Delta;
}

function sumByName(rows: Baseline['rows']): Map<string, Delta> {
  const out = new Map<string, Delta>();
  for (const r of rows) {
    const d = out.get(r.className);
    if (d) {
      d.instances += r.instances;
      d.shallowBytes += r.shallowBytes;
    } else out.set(r.className, { instances: r.instances, shallowBytes: r.shallowBytes });
  }
  return out;
}

export function compareHistograms(current: Baseline['rows'], baseline: Baseline['rows']): Comparison {
  const now = sumByName(current.filter((r) => r.instances > 0));
  const before = sumByName(baseline.filter((r) => r.instances > 0));
  const byName = new Map<string, Delta>();
  const total: Delta = { instances: 0, shallowBytes: 0 };
  for (const [name, n] of now) {
    const b = before.get(name) ?? { instances: 0, shallowBytes: 0 };
    byName.set(name, { instances: n.instances - b.instances, shallowBytes: n.shallowBytes - b.shallowBytes });
  }
  const gone = { classes: 0, instances: 0, shallowBytes: 0 };
  for (const [name, b] of before) {
    if (now.has(name)) continue;
    gone.classes++;
    gone.instances += b.instances;
    gone.shallowBytes += b.shallowBytes;
  }
  for (const d of now.values()) {
    total.instances += d.instances;
    total.shallowBytes += d.shallowBytes;
  }
  for (const d of before.values()) {
    total.instances -= d.instances;
    total.shallowBytes -= d.shallowBytes;
  }
  return { byName, gone, total };
}

/** "+1,234" / "−56" / "0": a signed count with a real minus sign. */
export function signed(value: number, format: (n: number) => string): string {
  if (value === 0) return '0';
  return (value > 0 ? '+' : '\u2212') + format(Math.abs(value));
}
