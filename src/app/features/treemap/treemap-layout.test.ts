import { describe, expect, it } from 'vitest';
import type { TreemapNode } from '../../../core/api.ts';
import { cellName, colourPackage, fitLabel, layoutTreemap, ownBytes, packageHue } from './treemap-layout.ts';

function node(
  index: number,
  className: string,
  retainedBytes: number,
  children?: TreemapNode[],
  extra: Partial<TreemapNode> = {},
): TreemapNode {
  return { index, address: '0x' + index.toString(16), className, retainedBytes, shallowBytes: 16, children, ...extra };
}

// A heap of 1,000 bytes: a cache retaining 600 (two children of 300 and 200, 100 of its own), a thread 300,
// and 100 bytes folded into "3 others".
const heap = node(-1, '', 1000, [
  node(1, 'com.acme.Cache', 600, [node(2, 'byte[]', 300), node(3, 'java.lang.String', 200)]),
  node(4, 'java.lang.Thread', 300),
  node(-2, '', 100, undefined, { foldedCount: 3, shallowBytes: 0 }),
]);

describe('layoutTreemap', () => {
  const cells = layoutTreemap(heap, 400, 300, { charWidthPx: 7, headerPx: 15 });
  const byIndex = new Map(cells.map((c) => [c.node.index === -2 ? 'others' : c.node.index, c]));

  it('gives each node a cell whose area follows its retained size', () => {
    expect(cells).toHaveLength(5);
    const area = (k: number | string) => byIndex.get(k)!.width * byIndex.get(k)!.height;
    const total = 398 * 298; // inside the 1 px outer padding
    // Padding and rounding take a few percent; proportions hold.
    expect(area(1) / total).toBeGreaterThan(0.5);
    expect(area(1) / total).toBeLessThan(0.62);
    expect(area(4) / area(1)).toBeGreaterThan(0.4);
    expect(area(4) / area(1)).toBeLessThan(0.6);
    expect(area(2) / area(3)).toBeGreaterThan(1.2);
    expect(area(2) / area(3)).toBeLessThan(1.8);
  });

  it('nests children inside their parent, below its header', () => {
    const parent = byIndex.get(1)!;
    expect(parent.hasChildren).toBe(true);
    for (const k of [2, 3]) {
      const c = byIndex.get(k)!;
      expect(c.depth).toBe(2);
      expect(c.x).toBeGreaterThanOrEqual(parent.x);
      expect(c.y).toBeGreaterThanOrEqual(parent.y + 15);
      expect(c.x + c.width).toBeLessThanOrEqual(parent.x + parent.width);
      expect(c.y + c.height).toBeLessThanOrEqual(parent.y + parent.height);
    }
  });

  it('labels cells with the simple class name and size where they fit, folded cells in grey', () => {
    expect(byIndex.get(1)!.label).toBe('Cache 600 B');
    expect(byIndex.get('others')!.hue).toBeNull();
    expect(byIndex.get(2)!.hue).toBe(packageHue(''));
    expect(byIndex.get(3)!.hue).toBe(packageHue('java.lang'));
  });

  it('is empty for an empty heap or no room', () => {
    expect(layoutTreemap(node(-1, '', 0, []), 100, 100)).toEqual([]);
    expect(layoutTreemap(heap, 0, 100)).toEqual([]);
  });
});

describe('ownBytes', () => {
  it('is retained minus the listed children, never negative', () => {
    expect(ownBytes(heap.children![0])).toBe(100);
    expect(ownBytes(node(9, 'x', 10))).toBe(10);
    expect(ownBytes(node(9, 'x', 10, [node(10, 'y', 12)]))).toBe(0);
  });
});

describe('names and colours', () => {
  it('names class objects, folded nodes and plain objects', () => {
    expect(cellName(node(5, 'java.lang.Class', 1, undefined, { label: 'com.acme.Main' }))).toBe('class Main');
    expect(cellName(node(5, 'java.lang.Class', 1, undefined, { label: 'class com.acme.Main' }))).toBe('class Main');
    expect(cellName(node(-2, '', 1, undefined, { foldedCount: 12 }))).toBe('12 others');
    expect(cellName(node(6, 'java.util.HashMap$Node[]', 1))).toBe('HashMap$Node[]');
  });
  it('colours by the first two package levels, class objects by the class they stand for', () => {
    expect(colourPackage(node(7, 'com.acme.cache.Entry', 1))).toBe('com.acme');
    expect(colourPackage(node(5, 'java.lang.Class', 1, undefined, { label: 'org.demo.App' }))).toBe('org.demo');
    expect(packageHue('com.acme')).toBe(packageHue('com.acme'));
    expect(packageHue('com.acme')).not.toBe(packageHue('java.util'));
    expect(packageHue('java.util')).toBeGreaterThanOrEqual(0);
    expect(packageHue('java.util')).toBeLessThan(360);
  });
});

describe('fitLabel', () => {
  it('shrinks from name and size to name to a clipped name to nothing', () => {
    expect(fitLabel('HashMap', 2048, 200, 20, 7)).toBe('HashMap 2.00 KB');
    expect(fitLabel('HashMap', 2048, 60, 20, 7)).toBe('HashMap');
    expect(fitLabel('HashMap', 2048, 40, 20, 7)).toBe('Has…');
    expect(fitLabel('HashMap', 2048, 25, 20, 7)).toBeNull();
    expect(fitLabel('HashMap', 2048, 200, 10, 7)).toBeNull();
  });
});
