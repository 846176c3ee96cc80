// Hash routes: every view has its own URL so links, reload and back/forward work.
// `#/overview`, `#/histogram`, `#/dominators`, `#/treemap`, `#/threads`, `#/roots`, `#/retained?sel=…` (a selection's
// retained set), `#/unreachable`, `#/collections`, `#/object/<address>`; a shared link's views carry its
// prefix: `#/s/<id>/<key>` (the overview), `#/s/<id>/<key>/histogram`, `#/s/<id>/<key>/object/<address>`, ...
// Optional view parameters follow a `?` (e.g. `#/dominators?focus=0x1f`, `#/s/<id>/<key>/treemap?root=0x2a`);
// on an Android dump, `heap=` names the heap the overview, histogram and dominator tree are limited to (`all`: every
// heap; left out: the app heap).

export type ViewName =
  'overview' | 'histogram' | 'dominators' | 'treemap' | 'diff' | 'threads' | 'roots' | 'retained' | 'unreachable' | 'collections';

/** A shared link's id and key. The key stays in the fragment, which browsers never send to a server. */
export interface ShareRef {
  id: string;
  key: string;
}

export type Route =
  | { kind: 'home' }
  | { kind: 'view'; view: ViewName; params: Record<string, string>; share?: ShareRef }
  | { kind: 'object'; address: string; params: Record<string, string>; share?: ShareRef }
  /** `#/s/<id>` or `#/s/<id>/`: a shared link cut before its key. */
  | { kind: 'incomplete-share'; id: string }
  | { kind: 'unknown'; hash: string };

export const VIEWS: readonly ViewName[] = [
  'overview',
  'histogram',
  'dominators',
  'treemap',
  'diff',
  'threads',
  'roots',
  'retained',
  'unreachable',
  'collections',
];

const ADDRESS = /^(0x)?[0-9a-f]{1,16}$/i;

export function parseRoute(hash: string): Route {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '' || h === '/') return { kind: 'home' };
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const params: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(h.slice(q + 1))) params[k] = v;
  const parts = path.split('/').filter((p) => p !== '');
  if (parts[0] === 's' && parts.length >= 2) {
    if (parts.length === 2) return { kind: 'incomplete-share', id: parts[1] };
    // The key stays exactly as written: it is base64url and case-sensitive.
    const share: ShareRef = { id: parts[1], key: parts[2] };
    const inner = parseParts(parts.slice(3), params);
    // The bare link and an unknown tail both open the shared overview.
    return inner ? { ...inner, share } : { kind: 'view', view: 'overview', params: {}, share };
  }
  return parseParts(parts, params) ?? { kind: 'unknown', hash: h };
}

function parseParts(parts: string[], params: Record<string, string>): Extract<Route, { kind: 'view' | 'object' }> | null {
  if (parts.length === 1 && (VIEWS as readonly string[]).includes(parts[0])) {
    return { kind: 'view', view: parts[0] as ViewName, params };
  }
  if (parts.length === 2 && parts[0] === 'object' && ADDRESS.test(parts[1])) {
    const hex = parts[1].toLowerCase();
    return { kind: 'object', address: hex.startsWith('0x') ? hex : '0x' + hex, params };
  }
  return null;
}

export function formatRoute(route: Route): string {
  switch (route.kind) {
    case 'home':
      return '#/';
    case 'view':
      return `#${sharePrefix(route.share)}/${route.view}${query(route.params)}`;
    case 'object':
      return `#${sharePrefix(route.share)}/object/${route.address}${query(route.params)}`;
    case 'incomplete-share':
      return `#/s/${route.id}`;
    case 'unknown':
      return '#' + route.hash;
  }
}

function sharePrefix(share: ShareRef | undefined): string {
  return share ? `/s/${share.id}/${share.key}` : '';
}

function query(params: Record<string, string>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== '');
  if (entries.length === 0) return '';
  return '?' + new URLSearchParams(entries).toString();
}

/** The shared link a route belongs to, or null for the tab's own analysis. */
export function routeShare(route: Route): ShareRef | null {
  return (route.kind === 'view' || route.kind === 'object') && route.share ? route.share : null;
}

/**
 * The shared link the address bar is on. Views build their links with `viewHash`/`objectHash` without knowing
 * whether they show a shared analysis; reading the prefix from the address keeps those links under it.
 */
function currentShare(): ShareRef | undefined {
  if (typeof location === 'undefined') return undefined;
  return routeShare(parseRoute(location.hash)) ?? undefined;
}

/** The link to a view, under the current shared link's prefix when one is open (`share: null` leaves it). */
export function viewHash(view: ViewName, params: Record<string, string> = {}, share: ShareRef | null = currentShare() ?? null): string {
  return formatRoute({ kind: 'view', view, params, ...(share ? { share } : {}) });
}

/** The link to an object's inspector, under the current shared link's prefix when one is open. */
export function objectHash(address: string, share: ShareRef | null = currentShare() ?? null): string {
  return formatRoute({ kind: 'object', address, params: {}, ...(share ? { share } : {}) });
}

/** The histogram filtered to exactly one class name (an anchored regex), its side pane open when the class
 *  object's address is given (two loaders may define the same name). */
export function classHash(className: string, classAddress?: string): string {
  const q = '/^' + className.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$/';
  return viewHash('histogram', classAddress ? { q, class: classAddress } : { q });
}
