import { describe, expect, it } from 'vitest';
import type { HistogramRow } from '../../core/api.ts';
import { paletteItems } from './palette-items.ts';

const VIEWS = [
  ['overview', 'Overview'],
  ['histogram', 'Histogram'],
  ['dominators', 'Dominator tree'],
] as const;

function cls(className: string, retainedBytes: number, classAddress: string): HistogramRow {
  return { classIndex: 0, className, classAddress, loaderAddress: '0x0', instances: 2, shallowBytes: 32, retainedBytes };
}

describe('paletteItems', () => {
  const classes = [cls('com.acme.Cache', 100, '0x10'), cls('com.acme.CacheEntry', 900, '0x20'), cls('java.lang.String', 50, '0x30')];

  it('lists every view for an empty query', () => {
    expect(paletteItems('', VIEWS, classes).map((i) => i.text)).toEqual(['Overview', 'Histogram', 'Dominator tree']);
  });
  it('finds classes by part of their name, largest retained first, each opening its histogram pane', () => {
    const items = paletteItems('cache', VIEWS, classes);
    expect(items.map((i) => i.text)).toEqual(['com.acme.CacheEntry', 'com.acme.Cache']);
    expect(items[0].hash).toBe('#/histogram?q=%2F%5Ecom%5C.acme%5C.CacheEntry%24%2F&class=0x20');
    expect(items[0].detail).toBe('2 objects · 900 B retained');
  });
  it('offers an address first, and views by name', () => {
    const items = paletteItems('0x1f00', VIEWS, classes);
    expect(items[0]).toMatchObject({ kind: 'object', address: '0x1f00', hash: '#/object/0x1f00' });
    expect(paletteItems('tree', VIEWS, classes).map((i) => i.text)).toEqual(['Dominator tree']);
  });
});
