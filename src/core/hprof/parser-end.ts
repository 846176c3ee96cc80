// The end of the HPROF input: the parsed heap, or what was read with a warning naming the record the input stopped
// inside (truncation) or the record at fault and the bytes lost (damage).

import { FormatError, TruncatedInputError } from '../errors.ts';
import { type ParsedHeap } from '../model/parsed-heap.ts';
import { RECORD_NAMES, SUB_RECORD_NAMES } from './constants.ts';
import { assembleParsedHeap } from './assemble.ts';
import { ParserState, type BrokenRead, plural, formatInt, hex2 } from './parser-state.ts';

export abstract class ParserEnd extends ParserState {
  /** Ends the input: returns the parsed heap (truncated when the input stopped inside a record). */
  finish(): ParsedHeap {
    const end = this.consumed;
    if (!this.headerDone) {
      if (end === 0) throw new FormatError('the file is empty', 0);
      throw new TruncatedInputError('the input ends inside the HPROF header', end);
    }
    for (const [tag, u] of this.unknownTags) {
      this.warnings.push(
        `${plural(u.count, 'record')} with the unknown tag 0x${hex2(tag)} (the first at byte offset ${u.first}) skipped by ` +
          `${u.count === 1 ? 'its' : 'their'} declared length: ${formatInt(u.bytes)} bytes not analysed, so the results may be incomplete`,
      );
    }
    if (this.wantedDump > this.dumpCount) {
      throw new FormatError(`heap dump ${this.wantedDump} was asked for, but the file holds ${plural(this.dumpCount, 'heap dump')}`);
    }
    if (this.dumpCount > 1) {
      this.warnings.unshift(
        `this file holds ${this.dumpCount} heap dumps; dump ${this.dumpRead} of ${this.dumpCount} is analysed` +
          (this.wantedDump === 0
            ? ' (the last, the most recent state of the heap: each dump is a whole heap of its own, and merging them would show a heap that never existed)'
            : ' (as asked)'),
      );
    }
    if (this.resyncFrom >= 0) {
      this.warnings.push(
        `no record was found after the damage: the ${end - this.resyncFrom} bytes from byte offset ${this.resyncFrom} to the end are skipped`,
      );
      return this.build(true);
    }
    if (this.broken !== null) return this.finishBroken(this.broken, end);
    const where = this.openRecord(end);
    if (where !== '') {
      this.warnings.push(`dump truncated: the input ends at byte offset ${end} inside ${where}; showing what was read`);
    }
    return this.build(where !== '');
  }

  /** The record the input ended inside, named with its offset and declared length ('' when none). */
  protected openRecord(end: number): string {
    const inSegment = (at: number) => this.segmentEnd > at && at >= this.segmentStart + 9;
    const segment = () =>
      `the ${RECORD_NAMES[this.lastRecordTag]} record at byte offset ${this.segmentStart} (declared length ` +
      `${formatInt(this.segmentEnd - this.segmentStart - 9)} bytes, to byte offset ${this.segmentEnd})`;
    if (this.arrayRemaining > 0) {
      return `the OBJECT ARRAY DUMP at byte offset ${this.arrayStart} (${formatInt(this.arrayRemaining)} elements not read)`;
    }
    if (this.carryLen > 0) {
      const tag = this.carry[0];
      const name = inSegment(this.carryStart) ? SUB_RECORD_NAMES[tag] : RECORD_NAMES[tag];
      const what = `${name ?? `a record with tag 0x${hex2(tag)}`} at byte offset ${this.carryStart}`;
      return `${what} (${this.carryLen} bytes of it read)${inSegment(this.carryStart) ? ` in ${segment()}` : ''}`;
    }
    if (this.skipEnd > end) {
      return `the ${this.skipWhat} record at byte offset ${this.skipStart} (declared to end at byte offset ${this.skipEnd})`;
    }
    if (this.segmentEnd > end) return segment();
    return '';
  }

  /**
   * After a structural error: the analysis of what came before, with a warning naming the record at fault and
   * the bytes lost. A heap dump record whose declared length runs past the end of the input is blamed first: its
   * contents stop making sense where the next top-level record begins (the usual sign of a corrupt length field).
   */
  protected finishBroken(broken: BrokenRead, end: number): ParsedHeap {
    const { error, offset } = broken;
    if (this.table.objectCount === 0 && this.classes.classes.length === 0) throw error;
    const lost = end - offset;
    let cause = error.message;
    if (broken.segmentEnd > end && offset >= broken.segmentStart) {
      cause =
        `the ${RECORD_NAMES[this.lastRecordTag] ?? 'heap dump'} record at byte offset ${broken.segmentStart} declares a length of ` +
        `${formatInt(broken.segmentEnd - broken.segmentStart - 9)} bytes, past the end of the dump (${formatInt(end)} bytes): ` +
        `its length field is corrupt. Its sub-records read as expected up to byte offset ${offset}, where ${error.message}`;
    }
    this.warnings.push(
      `dump damaged: ${cause}. Showing what was read before byte offset ${offset}; the ${formatInt(lost)} bytes after it ` +
        `(${((100 * lost) / Math.max(1, end)).toFixed(1)}% of the dump) were not read`,
    );
    return this.build(true, { offset, lostBytes: lost, message: cause });
  }

  protected build(truncated: boolean, damage?: ParsedHeap['damage']): ParsedHeap {
    return assembleParsedHeap({
      notes: this.notes,
      dumps: { count: Math.max(1, this.dumpCount), analysed: Math.max(1, this.dumpRead) },
      heaps: this.heaps.result(),
      damage,
      table: this.table,
      classes: this.classes,
      pending: this.pending,
      unresolvedPrimitiveArrays: this.unresolvedPrimitiveArrays,
      format: this.format,
      idSize: this.idSize,
      timestamp: this.timestamp,
      compressed: this.options.compressed ?? false,
      bytesRead: this.consumed,
      truncated,
      warnings: this.warnings,
      topCounts: this.topCounts,
      subCounts: this.subCounts,
      strings: this.strings,
      stacks: this.stacks,
    });
  }
}
