// Typed errors of the analysis core. Every failure that reaches a caller is a HeapdropError with a stable
// `code`; frontends (CLI, UI) map codes to advice. Messages are neutral and name the byte offset when known.

export type ErrorCode = 'TRUNCATED' | 'FORMAT' | 'UNSUPPORTED_VERSION' | 'LIMIT_EXCEEDED' | 'CANCELLED' | 'IO' | 'CACHE';

export class HeapdropError extends Error {
  readonly code: ErrorCode;
  /** Offset in the (decompressed) dump where the problem was found, when known. */
  readonly offset: number | undefined;
  constructor(code: ErrorCode, message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte offset ${offset})`);
    this.name = 'HeapdropError';
    this.code = code;
    this.offset = offset;
  }
}

/** The input ended inside a record. */
export class TruncatedInputError extends HeapdropError {
  constructor(message: string, offset: number) {
    super('TRUNCATED', message, offset);
    this.name = 'TruncatedInputError';
  }
}

/** The bytes do not follow the HPROF format. `tag` is the record or sub-record tag being read, if any. */
export class FormatError extends HeapdropError {
  readonly tag: number | undefined;
  constructor(message: string, offset?: number, tag?: number) {
    super('FORMAT', message, offset);
    this.name = 'FormatError';
    this.tag = tag;
  }
}

export class UnsupportedVersionError extends HeapdropError {
  readonly version: string;
  constructor(version: string) {
    super('UNSUPPORTED_VERSION', `unsupported HPROF version "${version}"`, 0);
    this.name = 'UnsupportedVersionError';
    this.version = version;
  }
}

/** A declared length or count is beyond what the reader accepts (absurd, or more than memory allows). */
export class LimitExceededError extends HeapdropError {
  constructor(message: string, offset?: number) {
    super('LIMIT_EXCEEDED', message, offset);
    this.name = 'LimitExceededError';
  }
}

export class CancelledError extends HeapdropError {
  constructor() {
    super('CANCELLED', 'analysis cancelled');
    this.name = 'CancelledError';
  }
}

/** A persisted analysis that cannot be used: partial, corrupt (checksum), another format or engine version, or made
 *  from another dump. Callers drop it and analyse the dump again. `offset`: the byte in the analysis file. */
export class CacheError extends HeapdropError {
  constructor(message: string, offset?: number) {
    super('CACHE', message, offset);
    this.name = 'CacheError';
  }
}

export function isHeapdropError(e: unknown): e is HeapdropError {
  return e instanceof HeapdropError;
}
