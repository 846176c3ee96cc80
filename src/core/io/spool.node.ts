// The Node spool: the inflated bytes of a single-member gzip in a temporary file, unlinked as soon as it is open
// (POSIX keeps the data until the descriptor closes, so nothing is left behind if the process dies). Its
// directory is HEAPDROP_TMPDIR, else the system's temporary directory. A spool nobody closed has its descriptor
// closed when the spool is garbage-collected (a long-lived process such as `heapdrop serve` opens many).
import { close, open, read, unlink, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Spool } from './dump-source.ts';

const openAsync = promisify(open);
const readAsync = promisify(read);
const writeAsync = promisify(write);
const closeAsync = promisify(close);
const unlinkAsync = promisify(unlink);

const forgotten = new FinalizationRegistry<{ fd: number; path: string | null }>((held) => {
  close(held.fd, () => undefined);
  if (held.path !== null) unlink(held.path, () => undefined);
});

let counter = 0;

export async function nodeTempSpool(name: string): Promise<Spool> {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  const path = join(process.env.HEAPDROP_TMPDIR || tmpdir(), `heapdrop-${process.pid}-${++counter}-${safe}.inflated`);
  const fd = await openAsync(path, 'wx+', 0o600);
  // Windows refuses to unlink an open file: there the file goes at close().
  const unlinked = await unlinkAsync(path).then(
    () => true,
    () => false,
  );
  const held = { fd, path: unlinked ? null : path };
  let closed = false;
  const spool: Spool = {
    async write(bytes, offset) {
      let done = 0;
      while (done < bytes.length) done += (await writeAsync(fd, bytes, done, bytes.length - done, offset + done)).bytesWritten;
    },
    async read(offset, length) {
      if (closed) throw new Error('the spool of inflated bytes is closed');
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = (await readAsync(fd, out, done, length - done, offset + done)).bytesRead;
        if (n === 0) break;
        done += n;
      }
      return done === length ? out : out.subarray(0, done);
    },
    async close() {
      if (closed) return;
      closed = true;
      forgotten.unregister(spool);
      await closeAsync(fd);
      if (held.path !== null) await unlinkAsync(held.path).catch(() => undefined);
    },
  };
  forgotten.register(spool, held, spool);
  return spool;
}
