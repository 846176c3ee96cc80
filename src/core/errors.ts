// Typed errors of the analysis core. Every failure that reaches a caller is a HeapdropError with a stable
// `code`; frontends (CLI, UI) map codes to advice. Messages are neutral and name the byte offset when known.

export type ErrorCode =
  'TRUNCATED' | 'FORMAT' | 'UNSUPPORTED_VERSION' | 'UNSUPPORTED_COMPRESSION' | 'LIMIT_EXCEEDED' | 'CANCELLED' | 'IO' | 'CACHE';

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

/** The file is compressed (or archived) in a format heapdrop does not read: bzip2, xz, zstd, zip, ... */
export class UnsupportedCompressionError extends HeapdropError {
  /** The format's name, e.g. "bzip2". */
  readonly format: string;
  constructor(format: string, decompress: string) {
    super(
      'UNSUPPORTED_COMPRESSION',
      `the file is compressed with ${format}, which heapdrop does not read: decompress it first (${decompress}) and open the result`,
    );
    this.name = 'UnsupportedCompressionError';
    this.format = format;
  }
}

/** Which hard limit was reached: a 1 GiB column, a step's own limit, or what the runtime allows. */
export type LimitKind = 'column' | 'dominators' | 'memory' | 'collection' | 'string' | 'stack' | 'record';

/** A declared length or count is beyond what the reader accepts (absurd, or more than memory allows). */
export class LimitExceededError extends HeapdropError {
  readonly limit: LimitKind;
  constructor(message: string, offset?: number, limit: LimitKind = 'record') {
    super('LIMIT_EXCEEDED', message, offset);
    this.name = 'LimitExceededError';
    this.limit = limit;
  }
}

/**
 * The limit error a runtime RangeError stands for (an allocation refused, a Map or string past the engine's
 * maximum, a stack overflow), or null for any other error: those are bugs and stay what they are.
 */
export function limitErrorFrom(e: unknown): LimitExceededError | null {
  if (e instanceof LimitExceededError) return e;
  if (!(e instanceof RangeError)) return null;
  const m = e.message;
  if (/Array buffer allocation failed|Invalid (typed array|array buffer) length|allocation size overflow|out of memory/i.test(m)) {
    return new LimitExceededError(
      `the runtime refused to allocate memory (${m}): the dump needs more memory than this process may use`,
      undefined,
      'memory',
    );
  }
  if (/(Map|Set) maximum size exceeded|Invalid array length/.test(m)) {
    return new LimitExceededError(
      `a table reached the runtime's largest size (${m}: 2^24 entries for a Map or Set)`,
      undefined,
      'collection',
    );
  }
  if (/Invalid string length/.test(m)) {
    return new LimitExceededError(`a text reached the runtime's largest string (${m}: about 2^29 characters)`, undefined, 'string');
  }
  if (/Maximum call stack size exceeded/.test(m)) {
    return new LimitExceededError(`a structure is nested deeper than the runtime's stack allows (${m})`, undefined, 'stack');
  }
  return null;
}

export class CancelledError extends HeapdropError {
  constructor(message = 'analysis cancelled') {
    super('CANCELLED', message);
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
