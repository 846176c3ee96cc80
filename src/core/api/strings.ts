// Wire types of duplicate strings: java.lang.String objects grouped by value. Plain data, re-exported by ../api.ts.

import type { Bytes } from '../units.ts';
import type { ObjectRow } from './rows.ts';

/** One value held by several java.lang.String objects. */
export interface DuplicateStringGroup {
  /** The value, clipped to 200 characters, control characters escaped (\u000a). */
  value: string;
  /** Its length in characters. */
  chars: number;
  /** Strings with this value. */
  strings: number;
  /** What keeping one String of this value would free: the others, and their arrays unless a String that stays
   *  uses them too (an array freed by several values counts for one). */
  wastedBytes: Bytes;
  /** The String that would stay (the one at the lowest address). */
  sample: ObjectRow;
}

/** java.lang.String objects grouped by value (src/core/queries/duplicate-strings.ts). */
export interface DuplicateStrings {
  strings: number;
  /** Strings whose value could not be read (null, or an array missing from the dump). */
  unreadable: number;
  /** Distinct values. */
  distinct: number;
  /** Values held by two Strings or more. */
  duplicatedValues: number;
  /** Strings beyond the first of each value. */
  duplicates: number;
  wastedBytes: Bytes;
  /** The duplicated values, largest waste first, at most 1,000. */
  groups: DuplicateStringGroup[];
}
