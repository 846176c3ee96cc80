// The line shown above a shared analysis's views: which analysis, when it was shared, what it holds, how it was
// redacted and when the link expires.
import { formatCount } from '../../format.ts';
import type { ShareSnapshot } from './snapshot.ts';

function formatDate(ms: number): string {
  return new Date(ms).toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function bannerText(s: ShareSnapshot, expiresAt: number | null): string {
  const parts: string[] = [];
  if (s.summary) parts.push('summary');
  if (s.histogram) parts.push(`histogram (${formatCount(s.histogram.length)} class${s.histogram.length === 1 ? '' : 'es'})`);
  if (s.dominators) parts.push(`dominator tree to depth ${s.dominators.depth} (${formatCount(s.dominators.nodes.length)} nodes)`);
  if (s.treemap) parts.push('treemap');
  if (s.object) parts.push('one object');
  if (s.suspects) parts.push(`leak suspects (${formatCount(s.suspects.suspects.length)})`);
  if (s.collections) parts.push(`collections (${formatCount(s.collections.classes.length)} classes)`);
  const redaction = s.redaction
    ? [s.redaction.values ? 'values removed' : 'values included', s.redaction.classNames ? 'class names masked' : '']
        .filter(Boolean)
        .join(', ')
    : '';
  return (
    `Shared analysis “${s.title}”, shared ${formatDate(s.createdAt)} · read-only · ${parts.join(', ') || 'nothing included'}` +
    (redaction ? ` · ${redaction}` : '') +
    (expiresAt ? ` · link expires ${formatDate(expiresAt)}` : '')
  );
}
