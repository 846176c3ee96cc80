// Portable gzip inflaters over the standard DecompressionStream (browsers, workers, Node 20). One stream per
// member: Chromium's DecompressionStream rejects bytes after the first member ("Junk found after end of
// compressed data"), so a multi-member file is split first (see gzip-members.ts).

import type { Inflaters } from './dump-source.ts';
import { streamChunks } from './blob-source.ts';

export async function inflateMemberPortable(member: Uint8Array): Promise<Uint8Array> {
  // Response.arrayBuffer() collects the output natively: no JS round trip per 64 KiB piece, no concat copy.
  const stream = new Blob([member as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
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
