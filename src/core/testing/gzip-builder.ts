// Builds gzip files for tests: the JVM's multi-member `-gz` layout (one member per block, the first header carrying
// `HPROF BLOCKSIZE=<n>`), from raw deflate data produced by the caller (tests pass zlib's deflateRawSync).

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function gzipMember(data: Uint8Array, deflateRaw: (d: Uint8Array) => Uint8Array, comment?: string): Uint8Array {
  const header = [0x1f, 0x8b, 8, comment ? 16 : 0, 0, 0, 0, 0, 0, 3];
  if (comment) {
    for (const ch of comment) header.push(ch.charCodeAt(0));
    header.push(0);
  }
  const body = deflateRaw(data);
  const out = new Uint8Array(header.length + body.length + 8);
  out.set(header, 0);
  out.set(body, header.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(header.length + body.length, crc32(data), true);
  dv.setUint32(header.length + body.length + 4, data.length >>> 0, true);
  return out;
}

/** The JVM's `-gz` layout: independent members of `blockBytes` inflated bytes each. */
export function jvmBlockGzip(data: Uint8Array, blockBytes: number, deflateRaw: (d: Uint8Array) => Uint8Array): Uint8Array {
  const members: Uint8Array[] = [];
  for (let p = 0; p < data.length || p === 0; p += blockBytes) {
    const comment = p === 0 ? `HPROF BLOCKSIZE=${blockBytes}` : undefined;
    members.push(gzipMember(data.subarray(p, Math.min(data.length, p + blockBytes)), deflateRaw, comment));
    if (data.length === 0) break;
  }
  let total = 0;
  for (const m of members) total += m.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const m of members) {
    out.set(m, o);
    o += m.length;
  }
  return out;
}
