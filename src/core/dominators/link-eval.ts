// Step 3 of SEMI-NCA (semi-nca.ts): semidominators by link-eval with path compression over typed arrays, in
// preorder space. Vertices are preorder numbers; the forest holds (ancestor, label) per vertex.

import { NO_NODE } from './types.ts';

/** Progress is reported every PROGRESS_EVERY vertices (semi-nca.ts uses it too). */
export const PROGRESS_EVERY = 1 << 20;

/**
 * Step 3 of SEMI-NCA: semidominators in reverse preorder, by link-eval with path compression. The forest holds
 * (ancestor, label) per preorder number: ancestor is the vertex's link (set when it is processed), label the
 * least semidominator on its compressed path. `semiByPre` holds the predecessor lists' starts by preorder number
 * (reachableCount + 1 entries); semi(w) overwrites entry w (w's list start is carried to the next iteration as
 * its end). A semidominator of 0 (the root) cannot be improved on: the scan stops.
 * The evals that need a path walk are taken two at a time (evalPair): the two walks are independent chains of
 * cache misses that the CPU overlaps (80 % of such evals on the bench graph come with another one for the same
 * vertex; the step took ~20 % less).
 */
export function semidominators(
  reachableCount: number,
  parentByPre: Uint32Array,
  semiByPre: Uint32Array,
  preds: Uint32Array,
  forest: Uint32Array,
  bulkMinPreds: number,
  progress: (done: number) => void,
): void {
  const paths = new PathScratch();
  let marks: Uint32Array | null = null;
  let end = semiByPre[reachableCount];
  for (let w = reachableCount - 1; w >= 1; w--) {
    const start = semiByPre[w];
    const parent = parentByPre[w];
    let semi = parent;
    let held = NO_NODE;
    const count = end - start;
    if (count >= bulkMinPreds && count * BULK_RATIO >= reachableCount - w) {
      marks ??= new Uint32Array((reachableCount >>> 5) + 1);
      semi = bulkSemi(w, preds.subarray(start, end), parentByPre, semiByPre, marks);
      semiByPre[w] = semi;
      forest[2 * w] = parent;
      forest[2 * w + 1] = semi;
      end = start;
      continue;
    }
    for (let k = start; k < end; k++) {
      const v = preds[k];
      let candidate: number;
      if (v < w) candidate = v;
      else if (forest[2 * v] <= w) candidate = forest[2 * v + 1];
      else if (held === NO_NODE) {
        held = v;
        continue;
      } else {
        candidate = evalPair(forest, held, v, w, paths);
        held = NO_NODE;
      }
      if (candidate < semi) {
        semi = candidate;
        if (semi === 0) break;
      }
    }
    if (held !== NO_NODE && semi !== 0) {
      const candidate = compress(forest, held, w);
      if (candidate < semi) semi = candidate;
    }
    semiByPre[w] = semi;
    forest[2 * w] = parent;
    forest[2 * w + 1] = semi;
    end = start;
    if ((w & (PROGRESS_EVERY - 1)) === 0) progress(reachableCount - w);
  }
}

/** A vertex takes the bulk path (bulkSemi) when its predecessors number at least 1 / BULK_RATIO of the vertices
 *  after it (and at least bulkMinPreds): a class object's edges from all its instances. */
const BULK_RATIO = 16;
/** bulkMinPreds' default. */
export const BULK_MIN_PREDS = 4096;

/**
 * semi(w) without an eval per predecessor, for a vertex with very many (on the bench graph, the class objects of
 * its 12.8 M edges and 3.2 M nodes took 16.5 M evals and 3.7 s). Once every vertex after w is linked, eval(v)
 * for a predecessor v > w is the least semi(x) over the DFS-tree path from v up to the last vertex above w, so
 * semi(w) is the least of the predecessors below w and of semi(x) over the union of those paths. The union is
 * marked in one sweep down the preorder (a marked vertex marks its parent while the parent is after w): linear in
 * the vertices after w, sequential, no path compression needed. `marks` is a bitset with a bit per vertex.
 */
function bulkSemi(w: number, preds: Uint32Array, parentByPre: Uint32Array, semiByPre: Uint32Array, marks: Uint32Array): number {
  let semi = parentByPre[w];
  marks.fill(0, (w + 1) >>> 5);
  let highest = w;
  for (let k = 0; k < preds.length; k++) {
    const v = preds[k];
    if (v < w) {
      if (v < semi) {
        semi = v;
        if (semi === 0) return 0;
      }
    } else {
      marks[v >>> 5] |= 1 << (v & 31);
      if (v > highest) highest = v;
    }
  }
  for (let x = highest; x > w; x--) {
    const word = marks[x >>> 5];
    if (word === 0) {
      x &= ~31; // the loop's x-- then moves to the previous word
      continue;
    }
    if ((word & (1 << (x & 31))) === 0) continue;
    const s = semiByPre[x];
    if (s < semi) {
      semi = s;
      if (semi === 0) return 0;
    }
    const p = parentByPre[x];
    if (p > w) marks[p >>> 5] |= 1 << (p & 31);
  }
  return semi;
}

/** Growable buffers for the two paths walked by evalPair. */
class PathScratch {
  a = new Uint32Array(1024);
  b = new Uint32Array(1024);
  grow(which: 0 | 1): void {
    const old = which === 0 ? this.a : this.b;
    const grown = new Uint32Array(old.length * 2);
    grown.set(old);
    if (which === 0) this.a = grown;
    else this.b = grown;
  }
}

/**
 * eval(a) and eval(b) at once: both paths are walked up in lockstep (read-only, recording the vertices), then
 * each is compressed as compress() does. When the paths meet, the second compression re-reads vertices the first
 * just compressed: their labels are then minima of the same path suffix, so the result is unchanged. Returns the
 * lesser of the two evals (all the caller needs).
 */
function evalPair(forest: Uint32Array, a: number, b: number, w: number, paths: PathScratch): number {
  let xa = a;
  let xb = b;
  let ua = forest[2 * xa];
  let ub = forest[2 * xb];
  let la = 0;
  let lb = 0;
  let pa = paths.a;
  let pb = paths.b;
  while (ua > w || ub > w) {
    if (ua > w) {
      if (la === pa.length) {
        paths.grow(0);
        pa = paths.a;
      }
      pa[la++] = xa;
      xa = ua;
      ua = forest[2 * xa];
    }
    if (ub > w) {
      if (lb === pb.length) {
        paths.grow(1);
        pb = paths.b;
      }
      pb[lb++] = xb;
      xb = ub;
      ub = forest[2 * xb];
    }
  }
  const leastA = foldPath(forest, pa, la, xa, ua);
  const leastB = foldPath(forest, pb, lb, xb, ub);
  return leastA < leastB ? leastA : leastB;
}

/**
 * The second half of compress for a recorded path (path[0] = the start, path[length - 1] just below `top`):
 * folds the least label into each vertex from the top down and links it to `root`, the vertex above `top`.
 * Returns the least label on the path, `top`'s included.
 */
function foldPath(forest: Uint32Array, path: Uint32Array, length: number, top: number, root: number): number {
  let least = forest[2 * top + 1];
  for (let j = length - 1; j >= 0; j--) {
    const y = path[j];
    const label = forest[2 * y + 1];
    if (label < least) least = label;
    else forest[2 * y + 1] = least;
    forest[2 * y] = root;
  }
  return least;
}

/**
 * Path compression without a stack: walk up from v reversing the ancestor links until the last vertex above w,
 * then walk back down folding the least label into each vertex and linking it to the forest root. Returns the
 * least label on v's path (its eval).
 */
function compress(forest: Uint32Array, v: number, w: number): number {
  let prev = NO_NODE;
  let x = v;
  while (forest[2 * x] > w) {
    const up = forest[2 * x];
    forest[2 * x] = prev;
    prev = x;
    x = up;
  }
  const forestRoot = forest[2 * x];
  let least = forest[2 * x + 1];
  while (prev !== NO_NODE) {
    const down = forest[2 * prev];
    const label = forest[2 * prev + 1];
    if (label < least) least = label;
    else forest[2 * prev + 1] = least;
    forest[2 * prev] = forestRoot;
    prev = down;
  }
  return least;
}
