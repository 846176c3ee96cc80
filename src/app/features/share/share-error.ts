// Typed failures of sharing and opening a shared link. Each code maps to one message in the viewer/dialog.

export type ShareErrorCode =
  | 'BAD_LINK' // the link is truncated or malformed (id or key missing or the wrong length)
  | 'NOT_FOUND'
  | 'EXPIRED'
  | 'DELETED'
  | 'WRONG_KEY' // the key in the link is not the key this share was encrypted with
  | 'TAMPERED' // authentication failed: the stored bytes were altered or corrupted
  | 'NEWER_VERSION' // made by a newer heapdrop
  | 'INVALID' // decrypted, but not a valid snapshot
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'NETWORK'
  | 'SERVER';

export class ShareError extends Error {
  readonly code: ShareErrorCode;
  /** For NEWER_VERSION: the format version found. */
  readonly version: number | undefined;
  constructor(code: ShareErrorCode, message: string, version?: number) {
    super(message);
    this.name = 'ShareError';
    this.code = code;
    this.version = version;
  }
}

export function isShareError(e: unknown): e is ShareError {
  return e instanceof ShareError;
}
