// The largest typed array the analysis allocates for one column: a runtime parameter. A browser tab keeps 1 GiB
// arrays (older Chrome refuses bigger ArrayBuffers, see src/core/README.md); Node (the CLI, `heapdrop serve`, the
// bench) takes typed arrays of up to 2^32 elements of any width. Node and object indices live in Uint32 columns
// (0xFFFFFFFF is "no node"), so no limit lets a count reach 2^32 - 1.

/** One runtime's array limit. */
export interface ArrayLimit {
  /** The most bytes one array may hold. */
  maxBytes: number;
  /** The most elements one array may hold (at most 2^32 - 1: indices are stored in Uint32 columns). */
  maxElements: number;
  /** How errors name it: "a 1 GiB column". */
  name: string;
}

/** The tab's limit (and the default). */
export const TAB_ARRAY_LIMIT: ArrayLimit = { maxBytes: 2 ** 30, maxElements: 2 ** 32 - 1, name: 'a 1 GiB column (the browser limit)' };

/** Node's: V8 there allows typed arrays of 2^32 elements; one fewer keeps every count below NO_NODE. */
export const NODE_ARRAY_LIMIT: ArrayLimit = {
  maxBytes: 2 ** 32 * 8,
  maxElements: 2 ** 32 - 1,
  name: "a column of 2^32 - 1 entries (Node's typed-array limit)",
};

let current: ArrayLimit = TAB_ARRAY_LIMIT;

/** The limit in force for this process (or worker). */
export function arrayLimit(): ArrayLimit {
  return current;
}

/** Sets the limit for this process: Node entry points pass NODE_ARRAY_LIMIT, tests a small one. Returns the
 *  previous limit (for tests to restore). */
export function setArrayLimit(limit: ArrayLimit): ArrayLimit {
  const previous = current;
  current = limit;
  return previous;
}

/** The most elements of `bytesPerElement` bytes one array may hold under `limit`. */
export function maxArrayLength(bytesPerElement: number, limit: ArrayLimit = current): number {
  return Math.min(limit.maxElements, Math.floor(limit.maxBytes / bytesPerElement));
}
