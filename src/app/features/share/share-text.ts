// Small text helpers shared by the dialog's parts and the viewer.
import { isShareError } from './share-error.ts';

export function message(e: unknown): string {
  return isShareError(e) || e instanceof Error ? e.message : String(e);
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}
