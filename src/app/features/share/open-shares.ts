// Which shared link an installed Engine was opened from, so the viewer's routes (`#/s/<id>/<key>/...`) reuse the
// engine on reload-free navigation (tabs, back/forward) and only a different link fetches again.
import type { Engine } from '../../engine.ts';
import type { ShareRef } from '../../routes.ts';

const linkOfEngine = new WeakMap<Engine, string>();

function linkKey(share: ShareRef): string {
  return `${share.id}/${share.key}`;
}

/** Records that `engine` shows the analysis behind `share`. */
export function markSharedEngine(engine: Engine, share: ShareRef): void {
  linkOfEngine.set(engine, linkKey(share));
}

/** True when `engine` was opened from exactly this link (same id and key). */
export function isShareOpen(share: ShareRef, engine: Engine | null): boolean {
  return engine !== null && linkOfEngine.get(engine) === linkKey(share);
}
