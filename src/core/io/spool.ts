// Writing the inflated bytes of a single-member gzip to a Spool during the streaming pass, and reading them back.
// Memory stays bounded whatever the dump's size: two staging buffers of STAGE_BYTES, one being filled while the
// other is written.
import type { RandomAccess, Spool } from './dump-source.ts';

const STAGE_BYTES = 4 * 1024 * 1024;

export class SpoolWriter {
  private stage = new Uint8Array(STAGE_BYTES);
  private spare = new Uint8Array(STAGE_BYTES);
  private staged = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** Bytes handed to append() so far (the spool's size once finish() has settled). */
  written = 0;

  constructor(private readonly spool: Spool) {}

  /** Copies `chunk` (the caller may reuse it at once); rejects when an earlier write failed. */
  async append(chunk: Uint8Array): Promise<void> {
    let p = 0;
    while (p < chunk.length) {
      const n = Math.min(chunk.length - p, STAGE_BYTES - this.staged);
      this.stage.set(chunk.subarray(p, p + n), this.staged);
      this.staged += n;
      p += n;
      if (this.staged === STAGE_BYTES) await this.flush();
    }
  }

  /** Writes what is staged and waits for every write. */
  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  private async flush(): Promise<void> {
    await this.inFlight; // at most one write in flight: the spare buffer is free again
    if (this.staged === 0) return;
    const full = this.stage.subarray(0, this.staged);
    const at = this.written;
    this.written += this.staged;
    [this.stage, this.spare] = [this.spare, this.stage];
    this.staged = 0;
    this.inFlight = this.spool.write(full, at);
    // A failure is seen by the next flush() or finish(); without this handler it would also be reported unhandled.
    this.inFlight.catch(() => undefined);
  }
}

/** Random access over a finished spool holding `size()` bytes. */
export function spooledRandomAccess(spool: Spool, size: () => number): RandomAccess {
  return {
    read(offset, length) {
      const end = Math.min(offset + length, size());
      return offset >= end ? Promise.resolve(new Uint8Array(0)) : spool.read(offset, end - offset);
    },
  };
}
