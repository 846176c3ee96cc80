// Which shared link an installed Engine was opened from, so the viewer's routes (`#/s/<id>/<key>/...`) reuse the
// engine on reload-free navigation (tabs, back/forward) and only a different link fetches again.
import type { Engine } from '../../engine.ts';
import { formatRoute, type ShareRef } from '../../routes.ts';
import type { ShareSnapshot } from './snapshot.ts';

const linkOfEngine = new WeakMap<Engine, string>();
const objectOfEngine = new WeakMap<Engine, string>();

function linkKey(share: ShareRef): string {
  return `${share.id}/${share.key}`;
}

/** Records that `engine` shows the analysis behind `share`, and the address of the object it includes. */
export function markSharedEngine(engine: Engine, share: ShareRef, objectAddress?: string): void {
  linkOfEngine.set(engine, linkKey(share));
  if (objectAddress !== undefined) objectOfEngine.set(engine, objectAddress);
}

/** The address of the object a shared analysis includes (the banner links to it), if any. */
export function sharedObjectAddress(engine: Engine | null): string | undefined {
  return engine === null ? undefined : objectOfEngine.get(engine);
}

/** Where a bare link lands: the view the sharer was on, under the link's prefix; null for the overview. */
export function landingHash(share: ShareRef, snapshot: Pick<ShareSnapshot, 'view' | 'object'>): string | null {
  const view = snapshot.view;
  if (view === undefined || view === 'overview') return null;
  if (view === 'object')
    return snapshot.object ? formatRoute({ kind: 'object', address: snapshot.object.row.address, params: {}, share }) : null;
  return formatRoute({ kind: 'view', view, params: {}, share });
}

/** True when `engine` was opened from exactly this link (same id and key). */
export function isShareOpen(share: ShareRef, engine: Engine | null): boolean {
  return engine !== null && linkOfEngine.get(engine) === linkKey(share);
}
