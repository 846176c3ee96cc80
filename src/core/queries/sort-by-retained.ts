// Sorts object indices by retained size, largest first, ties in index order. A comparator sort of 20 M indices
// took 88 s in V8 here; this is an LSD radix sort on the 53-bit integer size in 11-bit digits (2,048 buckets
// scatter with better cache locality than 65,536: 5.7 s vs 9.5-11 s for 20 M on this loaded machine).

const SMALL = 2048;
const TWO_32 = 0x100000000;
const MAX_KEY = Number.MAX_SAFE_INTEGER;
const DIGIT_MASK = 2047;
/** [key word (0 = low 32 bits, 1 = high 21 bits), shift]: 11 + 11 + 10 + 11 + 10 bits = 53. */
const PASSES: ReadonlyArray<readonly [0 | 1, number]> = [
  [0, 0],
  [0, 11],
  [0, 22],
  [1, 0],
  [1, 11],
];

/** Sorts `indices` in place; it must be in increasing index order on entry for ties to stay in index order. */
export function sortByRetainedDesc(indices: Uint32Array, retained: Float64Array | Uint32Array): void {
  const n = indices.length;
  if (n < 2) return;
  if (n <= SMALL) {
    indices.sort((a, b) => retained[b] - retained[a] || a - b);
    return;
  }
  // Ascending on MAX - retained is descending on retained; the LSD passes are stable.
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = MAX_KEY - Math.min(MAX_KEY, Math.max(0, Math.floor(retained[indices[i]])));
    const h = Math.floor(k / TWO_32);
    hi[i] = h;
    lo[i] = k - h * TWO_32;
  }
  let idx: Uint32Array = indices;
  let tmpIdx: Uint32Array = new Uint32Array(n);
  let tmpLo = new Uint32Array(n);
  let tmpHi = new Uint32Array(n);
  const counts = new Uint32Array(DIGIT_MASK + 1);
  for (const [word, shift] of PASSES) {
    const keys = word === 0 ? lo : hi;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & DIGIT_MASK]++;
    if (counts[(keys[0] >>> shift) & DIGIT_MASK] === n) continue; // one digit value everywhere: nothing to move
    let sum = 0;
    for (let d = 0; d <= DIGIT_MASK; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const p = counts[(keys[i] >>> shift) & DIGIT_MASK]++;
      tmpIdx[p] = idx[i];
      tmpLo[p] = lo[i];
      tmpHi[p] = hi[i];
    }
    [idx, tmpIdx] = [tmpIdx, idx];
    [lo, tmpLo] = [tmpLo, lo];
    [hi, tmpHi] = [tmpHi, hi];
  }
  if (idx !== indices) indices.set(idx);
}
