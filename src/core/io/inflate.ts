// Portable gzip inflaters over the standard DecompressionStream (browsers, workers, Node 20). One stream per
// member: Chromium's DecompressionStream rejects bytes after the first member ("Junk found after end of
// compressed data"), so a multi-member file is split first (see gzip-members.ts).

import type { Inflaters } from './dump-source.ts';
import { streamChunks } from './blob-source.ts';

export async function inflateMemberPortable(member: Uint8Array): Promise<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const written = writer.write(member as Uint8Array<ArrayBuffer>).then(() => writer.close());
  // Swallow here; the same failure surfaces on the readable side.
  written.catch(() => undefined);
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of streamChunks(ds.readable)) {
    parts.push(part);
    total += part.length;
  }
  await written;
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

export async function* inflateStreamPortable(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const feeding = (async () => {
    for await (const c of chunks) await writer.write(c as Uint8Array<ArrayBuffer>);
    await writer.close();
  })();
  feeding.catch(() => writer.abort().catch(() => undefined));
  yield* streamChunks(ds.readable);
  await feeding;
}

export const portableInflaters: Inflaters = { member: inflateMemberPortable, stream: inflateStreamPortable };
