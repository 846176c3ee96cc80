// Small text helpers shared by the dialog's parts and the viewer.
import { formatCount } from '../../format.ts';
import { isShareError } from './share-error.ts';

export function message(e: unknown): string {
  return isShareError(e) || e instanceof Error ? e.message : String(e);
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The viewer's line on the top level of a shared dominator tree; `total` is unknown in older snapshots. */
export function topLevelText(shared: number, total: number | undefined): string {
  const noun = (n: number) => (n === 1 ? 'top-level dominator' : 'top-level dominators');
  if (total === undefined) return `${formatCount(shared)} ${noun(shared)} shared`;
  if (shared >= total) return total === 1 ? 'The one top-level dominator is included' : `All ${formatCount(total)} ${noun(total)} included`;
  return `${formatCount(shared)} of ${formatCount(total)} ${noun(total)} included`;
}
