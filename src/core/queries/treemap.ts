// A pruned, nested view of the dominator tree by retained size for a squarified treemap. Expanded breadth-first so
// the node budget goes to the upper levels. A node's children under minFraction of the root (or beyond the budget)
// are grouped by class over all of them (the children-by-class aggregation): a class whose small children together
// reach minFraction gets one box ("2,113 × ConcurrentHashMap$Node"), the rest fold into one "N others" box (omitted
// when they weigh 0 bytes). A chain of single children (a linked list) folds into its first object's box, which
// holds the chain's end's children: what is drawn stays bounded however deep the chain. Each parent keeps its own
// bytes: retained = shallow + the children's sum, so areas add up.

import type { TreemapNode, TreemapOptions } from '../api.ts';
import { toHex, type ClassIndex, type ObjectIndex } from '../units.ts';
import type { ChildrenByClassIndex } from './children-by-class.ts';
import type { QueryContext } from './context.ts';
import { dominatorChain } from './dominator-tree.ts';

export const VIRTUAL_ROOT = -1;
export const FOLDED = -2;
export const CLASS_BOX = -3;
/** A chain of single children this long or longer (from a box's object to its end) folds into the box. */
export const CHAIN_MIN = 3;

function nodeOf(ctx: QueryContext, index: ObjectIndex): TreemapNode {
  const g = ctx.graph;
  const node: TreemapNode = {
    index,
    address: toHex(g.idOf(index)),
    className: ctx.className(index),
    retainedBytes: g.retainedByIndex[index],
    shallowBytes: g.shallowByIndex[index],
  };
  const label = ctx.label(index);
  if (label) node.label = label;
  return node;
}

/** Chains already walked, by start (a zoom into a long list asks the same chain again). */
const CHAINS_KEPT = 32;

export class TreemapIndex {
  private readonly chains = new Map<ObjectIndex, { end: ObjectIndex; length: number; sameClass: boolean }>();

  constructor(
    private readonly ctx: QueryContext,
    private readonly byClass: ChildrenByClassIndex,
  ) {}

  treemap(root: ObjectIndex, options: TreemapOptions = {}): TreemapNode {
    const ctx = this.ctx;
    const depth = Math.max(0, options.depth ?? 4);
    const maxNodes = Math.max(1, options.maxNodes ?? 2000);
    const minFraction = Math.max(0, options.minFraction ?? 0.002);
    const g = ctx.graph;
    if (root !== VIRTUAL_ROOT) ctx.assertIndex(root);
    const parent = root === VIRTUAL_ROOT ? -1 : root;

    let rootNode: TreemapNode;
    let rootChildren: ArrayLike<number>;
    if (options.ofClass !== undefined) {
      const members = this.byClass.memberIndices(parent, options.ofClass);
      rootChildren = members;
      let retained = 0;
      for (let i = 0; i < members.length; i++) retained += g.retainedByIndex[members[i]];
      rootNode = classBox(ctx, parent, options.ofClass, members.length, retained);
    } else if (root === VIRTUAL_ROOT) {
      rootChildren = g.sortedChildren(-1);
      let total = 0;
      for (let i = 0; i < rootChildren.length; i++) total += g.retainedByIndex[rootChildren[i]];
      rootNode = { index: VIRTUAL_ROOT, className: 'All objects', retainedBytes: total, shallowBytes: 0 };
    } else {
      rootChildren = g.sortedChildren(root);
      rootNode = nodeOf(ctx, root);
    }
    const threshold = minFraction * rootNode.retainedBytes;
    let budget = maxNodes - 1;

    if (options.byClass) {
      // Every child, one box per class.
      const groups = this.byClass.page(parent, 0, Number.MAX_SAFE_INTEGER);
      const kept: TreemapNode[] = [];
      let rest = 0;
      let restBytes = 0;
      for (const row of groups.page.items) {
        if (row.retainedBytes <= 0) continue;
        if (budget > 1) {
          kept.push(classBox(ctx, parent, row.classIndex, row.count, row.retainedBytes));
          budget--;
        } else {
          rest += row.count;
          restBytes += row.retainedBytes;
        }
      }
      if (rest > 0 && restBytes > 0) kept.push(othersBox(parent, rest, restBytes));
      if (kept.length > 0) rootNode.children = kept;
      return rootNode;
    }

    // `expand`: whose dominator-tree children fill the node (a folded chain's box: the chain's end's).
    const pending: Array<{ node: TreemapNode; expand: ObjectIndex; level: number; children?: ArrayLike<number> }> = [
      { node: rootNode, expand: parent, level: 0, children: rootChildren },
    ];
    for (let q = 0; q < pending.length && budget > 0; q++) {
      const { node, expand, level } = pending[q];
      if (level >= depth) continue;
      const children = pending[q].children ?? g.sortedChildren(expand);
      if (children.length === 0) continue;
      const kept: TreemapNode[] = [];
      let keptBytes = 0;
      let i = 0;
      // Children are sorted by retained size descending: stop at the first one too small or over budget.
      for (; i < children.length; i++) {
        const c = children[i];
        // Zero-byte objects (class objects without statics) have no area at any threshold.
        // A class zoom draws its objects however small, as far as the budget goes.
        if ((node.index !== CLASS_BOX && g.retainedByIndex[c] < threshold) || g.retainedByIndex[c] <= 0) break;
        const needed = i + 1 < children.length ? 2 : 1; // the child, plus room for an "others" node after it
        if (budget < needed) break;
        const child = this.withChain(nodeOf(ctx, c));
        kept.push(child);
        keptBytes += child.retainedBytes;
        budget--;
      }
      const rest = children.length - i;
      // What the children weigh: a chain's box holds its end's children.
      const holder = node.chain ? node.chain.end : node;
      const restBytes = holder.retainedBytes - holder.shallowBytes - keptBytes;
      if (rest > 0 && restBytes > 0) {
        // The small children by class: a class that together reaches the threshold gets a box (not inside a class
        // box, whose children are all of one class).
        let othersCount = rest;
        let othersBytes = restBytes;
        if (node.index !== CLASS_BOX && rest > 1) {
          const keptByClass = new Map<ClassIndex, { count: number; bytes: number }>();
          for (let k = 0; k < i; k++) {
            const c = g.classByIndex[children[k]];
            const e = keptByClass.get(c) ?? { count: 0, bytes: 0 };
            e.count++;
            e.bytes += g.retainedByIndex[children[k]];
            keptByClass.set(c, e);
          }
          const groups = this.byClass.page(expand, 0, Number.MAX_SAFE_INTEGER).page.items;
          const boxes: TreemapNode[] = [];
          for (const row of groups) {
            const k = keptByClass.get(row.classIndex);
            const count = row.count - (k?.count ?? 0);
            const bytes = row.retainedBytes - (k?.bytes ?? 0);
            if (count < 2 || bytes < threshold || bytes <= 0) continue;
            boxes.push(classBox(ctx, expand, row.classIndex, count, bytes));
          }
          boxes.sort((a, b) => b.retainedBytes - a.retainedBytes);
          for (const box of boxes) {
            if (budget < 2) break;
            kept.push(box);
            budget--;
            othersCount -= box.foldedCount ?? 0;
            othersBytes -= box.retainedBytes;
          }
        }
        if (othersCount > 0 && othersBytes > 0) {
          const others = othersBox(expand, othersCount, othersBytes);
          if (node.index === CLASS_BOX && node.classIndex !== undefined) others.classIndex = node.classIndex;
          kept.push(others);
          budget--;
        }
      }
      if (kept.length === 0) continue; // shown as a leaf: its area is its retained size
      node.children = kept;
      for (const child of kept) {
        if (child.index < 0) continue;
        pending.push({ node: child, expand: child.chain ? child.chain.end.index : child.index, level: level + 1 });
      }
    }
    return rootNode;
  }

  /** Folds the chain of single children that starts at the node's object, when there is one, into its box. */
  private withChain(node: TreemapNode): TreemapNode {
    const g = this.ctx.graph;
    const v = node.index;
    if (g.dominatedCount(v) !== 1 || g.dominatedCount(g.sortedChildren(v)[0]) !== 1) return node;
    let chain = this.chains.get(v);
    if (chain === undefined) {
      const found = dominatorChain(this.ctx, v);
      chain = { end: found.end.index, length: found.length, sameClass: found.sameClass };
      if (this.chains.size >= CHAINS_KEPT) this.chains.delete(this.chains.keys().next().value!);
      this.chains.set(v, chain);
    }
    if (chain.length < CHAIN_MIN) return node;
    const last = g.idomByIndex[chain.end];
    node.chain = {
      length: chain.length,
      sameClass: chain.sameClass,
      end: nodeOf(this.ctx, chain.end),
      last: { index: last, address: toHex(g.idOf(last)) },
    };
    return node;
  }
}

function classBox(ctx: QueryContext, parent: ObjectIndex, classIndex: ClassIndex, count: number, retainedBytes: number): TreemapNode {
  return {
    index: CLASS_BOX,
    className: ctx.parsed.classes[classIndex]?.name ?? '?',
    retainedBytes,
    shallowBytes: 0,
    foldedCount: count,
    parent,
    classIndex,
  };
}

function othersBox(parent: ObjectIndex, count: number, retainedBytes: number): TreemapNode {
  return { index: FOLDED, className: `${count} others`, retainedBytes, shallowBytes: 0, foldedCount: count, parent };
}
