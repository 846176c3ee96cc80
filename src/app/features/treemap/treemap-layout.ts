// Pure treemap layout of the dominator tree (d3-hierarchy squarified), colour by package and label fitting.
// Area = retained size: each node's own bytes (retained minus its children's) keep a share of its cell, so a
// cell's area is its share of the whole heap. Reference: Bruls, Huizing, van Wijk, "Squarified Treemaps" (2000).
import { hierarchy, treemap, treemapSquarify, type HierarchyRectangularNode } from 'd3-hierarchy';
import type { TreemapNode } from '../../../core/api.ts';
import { formatBytes, formatCount } from '../../format.ts';
import { classObjectName } from '../../object-text.ts';
import { packageOf } from '../histogram/histogram-model.ts';

export interface TreemapCell {
  /** Stable key: the path of child positions from the root. */
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  depth: number;
  node: TreemapNode;
  /** Hue (0-359) from the package, or null for folded "N others" cells. */
  hue: number | null;
  /** Text that fits the cell, or null. */
  label: string | null;
  /** True when the cell shows children (its label is a header strip at the top). */
  hasChildren: boolean;
}

export interface LayoutOptions {
  /** Average glyph width of the label font in px. */
  charWidthPx?: number;
  /** Height of a parent's header strip. */
  headerPx?: number;
}

const MIN_LABEL_HEIGHT_PX = 13;

/** Bytes a node holds itself, outside its listed children (its own shallow size plus deeper unlisted objects). */
export function ownBytes(node: TreemapNode): number {
  if (!node.children || node.children.length === 0) return Math.max(0, node.retainedBytes);
  let sum = 0;
  for (const c of node.children) sum += c.retainedBytes;
  return Math.max(0, node.retainedBytes - sum);
}

/** The name a cell shows: `class Foo` for class objects, `N others` for folded nodes, `2,113 × Foo$Node` for the
 *  children of one class, `Node × 6,566 → …` for a folded chain, else the simple class name. */
export function cellName(node: TreemapNode): string {
  if (node.index === -2) return `${formatCount(node.foldedCount ?? 0)} others`;
  if (node.index === -3) return `${formatCount(node.foldedCount ?? 0)} × ${simpleName(node.className)}`;
  if (node.index === -1) return 'Heap';
  if (node.chain) return `${simpleName(node.className)} × ${formatCount(node.chain.length)} → …`;
  if (node.className === 'java.lang.Class' && node.label) return 'class ' + simpleName(classObjectName(node.label));
  return simpleName(node.className);
}

export function simpleName(className: string): string {
  const dot = className.replace(/(\[\])+$/, '').lastIndexOf('.');
  return dot < 0 ? className : className.slice(dot + 1);
}

/** The package that colours a node: its class's (a class object: the class it stands for) up to two levels. */
export function colourPackage(node: TreemapNode): string | null {
  if (node.index === -2 || node.index === -1) return null;
  const name = node.className === 'java.lang.Class' && node.label ? classObjectName(node.label) : node.className;
  const pkg = packageOf(name);
  return pkg.split('.').slice(0, 2).join('.');
}

/** A stable hue per package (FNV-1a hash), so a package keeps its colour across zooms and dumps. */
export function packageHue(pkg: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < pkg.length; i++) {
    h ^= pkg.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 360;
}

/** The longest of "Name 1.2 MB", "Name", "Nam…" that fits, or null when nothing readable fits. */
export function fitLabel(
  name: string,
  bytes: number,
  widthPx: number,
  heightPx: number,
  charWidthPx: number,
  separator = ' ',
): string | null {
  if (heightPx < MIN_LABEL_HEIGHT_PX) return null;
  const chars = Math.floor((widthPx - 6) / charWidthPx);
  const full = `${name}${separator}${formatBytes(bytes)}`;
  if (full.length <= chars) return full;
  if (name.length <= chars) return name;
  if (chars >= 4) return name.slice(0, chars - 1) + '…';
  return null;
}

export function layoutTreemap(root: TreemapNode, widthPx: number, heightPx: number, options: LayoutOptions = {}): TreemapCell[] {
  const charWidthPx = options.charWidthPx ?? 6.6;
  const headerPx = options.headerPx ?? 15;
  if (widthPx <= 0 || heightPx <= 0 || !(root.retainedBytes > 0)) return [];
  const h = hierarchy(root, (d) => d.children)
    .sum(ownBytes)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const laid = treemap<TreemapNode>()
    .tile(treemapSquarify)
    .size([widthPx, heightPx])
    .paddingInner(1)
    .paddingOuter(1)
    // A header strip for parents big enough to show one; small parents just nest.
    .paddingTop((n) => (n.depth > 0 && n.children && n.y1 - n.y0 > headerPx * 2.5 && n.x1 - n.x0 > 40 ? headerPx : 1))
    .round(true)(h);

  const cells: TreemapCell[] = [];
  const keys = new Map<HierarchyRectangularNode<TreemapNode>, string>([[laid, 'r']]);
  laid.each((n) => {
    const key = keys.get(n)!;
    n.children?.forEach((c, i) => keys.set(c, key + '.' + i));
    if (n.depth === 0) return;
    const width = n.x1 - n.x0;
    const height = n.y1 - n.y0;
    if (width < 1 || height < 1) return;
    const hasChildren = !!n.children && n.children.length > 0;
    const pkg = colourPackage(n.data);
    cells.push({
      key,
      x: n.x0,
      y: n.y0,
      width,
      height,
      depth: n.depth,
      node: n.data,
      hue: pkg === null ? null : packageHue(pkg),
      label: fitLabel(
        cellName(n.data),
        n.data.retainedBytes,
        width,
        hasChildren ? Math.min(height, headerPx) : height,
        charWidthPx,
        n.data.index === -3 ? ' — ' : ' ',
      ),
      hasChildren,
    });
  });
  return cells;
}
