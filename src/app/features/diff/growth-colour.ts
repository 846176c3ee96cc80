// Colour of a treemap box by the growth of its place in the dominator tree since the baseline: red as it grew
// (the share of its retained bytes that is new), blue as it shrank, grey where the baseline has no such path.
import type { NodeGrowth } from '../../../core/api.ts';

/** The share of `g.current` that is new since the baseline, from -1 (all gone: it was 2x or more) to 1 (all
 *  new), or null when the box's path was not compared. */
export function growthShare(g: NodeGrowth | undefined): number | null {
  if (g === undefined) return null;
  if (g.current <= 0 && g.baseline <= 0) return 0;
  const delta = g.current - g.baseline;
  return Math.max(-1, Math.min(1, delta / Math.max(g.current, g.baseline)));
}

/** CSS background for a growth share (see growthShare). */
export function growthBackground(share: number | null): string {
  if (share === null) return 'var(--bg-2)';
  const strength = Math.round(Math.abs(share) * 100);
  const hue = share >= 0 ? 0 : 215;
  return `hsl(${hue} ${Math.round(strength * 0.8)}% ${88 - Math.round(strength * 0.38)}%)`;
}
