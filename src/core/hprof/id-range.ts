// Ids are kept as JS numbers, exact below 2^53. An id at or past 2^53 (only an 8-byte id can be) is a structural
// error that, like the reader's other ones, names the record holding it, where that record starts, and where the id is.
import { FormatError } from '../errors.ts';
import { RECORD_NAMES, SUB_RECORD_NAMES } from './constants.ts';

/**
 * The error for an id at byte offset `at` inside the record with `tag` starting at `start`; `topLevel` says whether
 * `tag` is a top-level record tag (LOAD CLASS, STACK FRAME, ...) or a heap sub-record tag (the two overlap).
 */
export function idTooLarge(tag: number, start: number, at: number, topLevel = false): FormatError {
  const name = (topLevel ? RECORD_NAMES[tag] : SUB_RECORD_NAMES[tag]) ?? `record 0x${tag.toString(16).padStart(2, '0')}`;
  return new FormatError(
    `${name} at byte offset ${start} holds an object id of 2^53 or more at byte offset ${at}; ids are read exactly only below 2^53`,
    at,
    tag,
  );
}
