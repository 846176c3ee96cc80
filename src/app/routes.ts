// Hash routes: every view has its own URL so links, reload and back/forward work.
// `#/overview`, `#/histogram`, `#/dominators`, `#/treemap`, `#/object/<address>`, `#/s/<id>/<key>` (shared link);
// optional view parameters follow a `?` (e.g. `#/dominators?focus=0x1f`, `#/treemap?root=0x2a`).

export type ViewName = 'overview' | 'histogram' | 'dominators' | 'treemap';

export type Route =
  | { kind: 'home' }
  | { kind: 'view'; view: ViewName; params: Record<string, string> }
  | { kind: 'object'; address: string; params: Record<string, string> }
  | { kind: 'shared'; id: string; key: string }
  | { kind: 'unknown'; hash: string };

export const VIEWS: readonly ViewName[] = ['overview', 'histogram', 'dominators', 'treemap'];

const ADDRESS = /^(0x)?[0-9a-f]{1,16}$/i;

export function parseRoute(hash: string): Route {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '' || h === '/') return { kind: 'home' };
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const params: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(h.slice(q + 1))) params[k] = v;
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 1 && (VIEWS as readonly string[]).includes(parts[0])) {
    return { kind: 'view', view: parts[0] as ViewName, params };
  }
  if (parts.length === 2 && parts[0] === 'object' && ADDRESS.test(parts[1])) {
    const hex = parts[1].toLowerCase();
    return { kind: 'object', address: hex.startsWith('0x') ? hex : '0x' + hex, params };
  }
  if (parts.length === 3 && parts[0] === 's' && parts[1] !== '' && parts[2] !== '') {
    // The key stays exactly as written: it is base64url and case-sensitive.
    return { kind: 'shared', id: parts[1], key: parts[2] };
  }
  return { kind: 'unknown', hash: h };
}

export function formatRoute(route: Route): string {
  switch (route.kind) {
    case 'home':
      return '#/';
    case 'view':
      return `#/${route.view}${query(route.params)}`;
    case 'object':
      return `#/object/${route.address}${query(route.params)}`;
    case 'shared':
      return `#/s/${route.id}/${route.key}`;
    case 'unknown':
      return '#' + route.hash;
  }
}

function query(params: Record<string, string>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== '');
  if (entries.length === 0) return '';
  return '?' + new URLSearchParams(entries).toString();
}

export function viewHash(view: ViewName, params: Record<string, string> = {}): string {
  return formatRoute({ kind: 'view', view, params });
}

export function objectHash(address: string): string {
  return formatRoute({ kind: 'object', address, params: {} });
}
