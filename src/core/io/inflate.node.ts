// Node inflaters over zlib: gunzip runs on libuv's thread pool, so members inflate beside the parser's thread.
// zlib's gunzip checks CRC32 and ISIZE like DecompressionStream does.

import { createGunzip, gunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { Inflaters } from './dump-source.ts';
import { nodeTempSpool } from './spool.node.ts';

export function inflateMemberNode(member: Uint8Array): Promise<Uint8Array> {
  // One output buffer sized from the member's ISIZE: zlib's default 16 KiB pieces cost a callback and a copy each.
  const n = member.length;
  const isize = n >= 4 ? (member[n - 4] | (member[n - 3] << 8) | (member[n - 2] << 16) | (member[n - 1] << 24)) >>> 0 : 0;
  const chunkSize = Math.min(64 * 1024 * 1024, Math.max(16 * 1024, isize + 64));
  return new Promise((resolve, reject) => {
    gunzip(member, { chunkSize }, (err, out) => (err ? reject(err) : resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength))));
  });
}

export async function* inflateStreamNode(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const gz = createGunzip({ chunkSize: 1024 * 1024 });
  const input = Readable.from(chunks, { objectMode: false });
  input.on('error', (e) => gz.destroy(e));
  input.pipe(gz);
  for await (const out of gz) {
    const b = out as Buffer;
    yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
}

export const nodeInflaters: Inflaters = { member: inflateMemberNode, stream: inflateStreamNode, spool: nodeTempSpool };
