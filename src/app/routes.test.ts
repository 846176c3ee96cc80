import { describe, expect, it } from 'vitest';
import { formatRoute, objectHash, parseRoute, routeShare, viewHash } from './routes.ts';

describe('parseRoute', () => {
  it('parses the home and the view routes', () => {
    expect(parseRoute('')).toEqual({ kind: 'home' });
    expect(parseRoute('#/')).toEqual({ kind: 'home' });
    expect(parseRoute('#/overview')).toEqual({ kind: 'view', view: 'overview', params: {} });
    expect(parseRoute('#/histogram?q=%2Fjava%5C.util%2F&group=package')).toEqual({
      kind: 'view',
      view: 'histogram',
      params: { q: '/java\\.util/', group: 'package' },
    });
    expect(parseRoute('#/treemap/')).toEqual({ kind: 'view', view: 'treemap', params: {} });
    expect(parseRoute('#/threads')).toEqual({ kind: 'view', view: 'threads', params: {} });
    expect(parseRoute('#/roots?type=System%20Class')).toEqual({ kind: 'view', view: 'roots', params: { type: 'System Class' } });
  });

  it('normalises object addresses to lower-case 0x form', () => {
    expect(parseRoute('#/object/0xC0E82320')).toEqual({ kind: 'object', address: '0xc0e82320', params: {} });
    expect(parseRoute('#/object/ffe72730')).toEqual({ kind: 'object', address: '0xffe72730', params: {} });
    expect(parseRoute('#/object/not-hex').kind).toBe('unknown');
    expect(parseRoute('#/object/').kind).toBe('unknown');
  });

  it('keeps a shared link key verbatim; the bare link is its overview', () => {
    const share = { id: 'AbC_1', key: 'k-Ey_Z9' };
    expect(parseRoute('#/s/AbC_1/k-Ey_Z9')).toEqual({ kind: 'view', view: 'overview', params: {}, share });
    expect(parseRoute('#/s/AbC_1/k-Ey_Z9/')).toEqual({ kind: 'view', view: 'overview', params: {}, share });
  });

  it('parses the views under a shared link prefix', () => {
    const share = { id: 'AbC_1', key: 'k-Ey_Z9' };
    expect(parseRoute('#/s/AbC_1/k-Ey_Z9/histogram?q=%2Fjava%2F')).toEqual({
      kind: 'view',
      view: 'histogram',
      params: { q: '/java/' },
      share,
    });
    expect(parseRoute('#/s/AbC_1/k-Ey_Z9/dominators')).toEqual({ kind: 'view', view: 'dominators', params: {}, share });
    expect(parseRoute('#/s/AbC_1/k-Ey_Z9/object/0xABC')).toEqual({ kind: 'object', address: '0xabc', params: {}, share });
    // An unknown tail still opens the shared analysis (its overview) rather than the landing page.
    expect(parseRoute('#/s/AbC_1/k-Ey_Z9/nope')).toEqual({ kind: 'view', view: 'overview', params: {}, share });
    expect(routeShare(parseRoute('#/s/AbC_1/k-Ey_Z9/treemap?root=0x2a'))).toEqual(share);
    expect(routeShare(parseRoute('#/treemap?root=0x2a'))).toBeNull();
  });

  it('reports a shared link without its key as incomplete', () => {
    expect(parseRoute('#/s/abc')).toEqual({ kind: 'incomplete-share', id: 'abc' });
    expect(parseRoute('#/s/abc/')).toEqual({ kind: 'incomplete-share', id: 'abc' });
    expect(parseRoute('#/s/').kind).toBe('unknown');
  });

  it('reports anything else as unknown', () => {
    expect(parseRoute('#/nope')).toEqual({ kind: 'unknown', hash: '/nope' });
    expect(parseRoute('#/overview/extra').kind).toBe('unknown');
  });
});

describe('formatRoute', () => {
  it('round-trips through parseRoute', () => {
    for (const hash of [
      '#/',
      '#/overview',
      '#/dominators?focus=0x1f',
      '#/object/0xabc',
      '#/treemap?root=0x2a',
      '#/s/id/key/overview',
      '#/s/id/key/histogram?q=a.b',
      '#/s/id/key/object/0xabc',
      '#/s/id',
    ]) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
  });
  it('drops empty parameters', () => {
    expect(formatRoute({ kind: 'view', view: 'histogram', params: { q: '' } })).toBe('#/histogram');
  });
});

describe('link builders', () => {
  it('keep links under the shared link they are given', () => {
    const share = { id: 'id1', key: 'Key_-9' };
    expect(viewHash('dominators', { focus: '0x1f' }, share)).toBe('#/s/id1/Key_-9/dominators?focus=0x1f');
    expect(objectHash('0xabc', share)).toBe('#/s/id1/Key_-9/object/0xabc');
    expect(viewHash('histogram', {}, null)).toBe('#/histogram');
    expect(objectHash('0xabc', null)).toBe('#/object/0xabc');
  });

  it('take the prefix from the address bar by default', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'location');
    try {
      Object.defineProperty(globalThis, 'location', { value: { hash: '#/s/id1/Key_-9/treemap?root=0x2a' }, configurable: true });
      expect(viewHash('overview')).toBe('#/s/id1/Key_-9/overview');
      expect(objectHash('0x10')).toBe('#/s/id1/Key_-9/object/0x10');
      Object.defineProperty(globalThis, 'location', { value: { hash: '#/treemap' }, configurable: true });
      expect(viewHash('overview')).toBe('#/overview');
    } finally {
      if (saved) Object.defineProperty(globalThis, 'location', saved);
      else delete (globalThis as { location?: unknown }).location;
    }
  });
});
