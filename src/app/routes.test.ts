import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './routes.ts';

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
  });

  it('normalises object addresses to lower-case 0x form', () => {
    expect(parseRoute('#/object/0xC0E82320')).toEqual({ kind: 'object', address: '0xc0e82320', params: {} });
    expect(parseRoute('#/object/ffe72730')).toEqual({ kind: 'object', address: '0xffe72730', params: {} });
    expect(parseRoute('#/object/not-hex').kind).toBe('unknown');
    expect(parseRoute('#/object/').kind).toBe('unknown');
  });

  it('keeps a shared link key verbatim', () => {
    expect(parseRoute('#/s/AbC_1/k-Ey_Z9')).toEqual({ kind: 'shared', id: 'AbC_1', key: 'k-Ey_Z9' });
    expect(parseRoute('#/s/abc').kind).toBe('unknown');
  });

  it('reports anything else as unknown', () => {
    expect(parseRoute('#/nope')).toEqual({ kind: 'unknown', hash: '/nope' });
    expect(parseRoute('#/overview/extra').kind).toBe('unknown');
  });
});

describe('formatRoute', () => {
  it('round-trips through parseRoute', () => {
    for (const hash of ['#/', '#/overview', '#/dominators?focus=0x1f', '#/object/0xabc', '#/s/id/key', '#/treemap?root=0x2a']) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
  });
  it('drops empty parameters', () => {
    expect(formatRoute({ kind: 'view', view: 'histogram', params: { q: '' } })).toBe('#/histogram');
  });
});
