// The encrypted envelope: round trip, and each way a link or its stored bytes can go wrong.
import { describe, expect, it } from 'vitest';
import { bytesToBase64url } from './base64url.ts';
import { ENVELOPE_MAGIC, HEADER_BYTES, gzip, openJson, sealJson } from './envelope.ts';
import { ShareError } from './share-error.ts';

const MAX = 10 * 1024 * 1024;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    expect(e).toBeInstanceOf(ShareError);
    return (e as ShareError).code;
  }
}

describe('envelope', () => {
  it('round-trips JSON and produces fresh keys and IVs each time', async () => {
    const json = JSON.stringify({ v: 1, text: 'héllo wörld '.repeat(1000) });
    const a = await sealJson(json);
    const b = await sealJson(json);
    expect(await openJson(a.bytes, a.keyText, MAX)).toBe(json);
    expect(a.keyText).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.keyText).not.toBe(b.keyText);
    expect(bytesToBase64url(a.bytes.subarray(HEADER_BYTES, HEADER_BYTES + 12))).not.toBe(
      bytesToBase64url(b.bytes.subarray(HEADER_BYTES, HEADER_BYTES + 12)),
    );
    expect(Array.from(a.bytes.subarray(0, 5))).toEqual([...ENVELOPE_MAGIC, 1]);
    // Compressed before encryption: repetitive JSON shrinks, and the ciphertext is gzip + header + IV + tag.
    expect(a.gzipBytes).toBeLessThan(a.jsonBytes / 10);
    expect(a.bytes.length).toBe(HEADER_BYTES + 12 + a.gzipBytes + 16);
    expect(new TextDecoder().decode(a.bytes)).not.toContain('wörld');
  });

  it('tells a wrong key from tampered bytes', async () => {
    const sealed = await sealJson('{"v":1}');
    const other = await sealJson('{"v":1}');
    expect(await codeOf(openJson(sealed.bytes, other.keyText, MAX))).toBe('WRONG_KEY');
    for (const at of [HEADER_BYTES + 3, HEADER_BYTES + 14, sealed.bytes.length - 1]) {
      const tampered = sealed.bytes.slice();
      tampered[at] ^= 0x01;
      expect(await codeOf(openJson(tampered, sealed.keyText, MAX))).toBe('TAMPERED');
    }
    expect(await codeOf(openJson(sealed.bytes.slice(0, -1), sealed.keyText, MAX))).toBe('TAMPERED');
    expect(await codeOf(openJson(sealed.bytes.slice(0, HEADER_BYTES + 5), sealed.keyText, MAX))).toBe('TAMPERED');
  });

  it('rejects truncated and malformed keys as a bad link', async () => {
    const sealed = await sealJson('{"v":1}');
    for (const key of [sealed.keyText.slice(0, 42), sealed.keyText.slice(0, 10), '', sealed.keyText + 'A', '!'.repeat(43)]) {
      expect(await codeOf(openJson(sealed.bytes, key, MAX))).toBe('BAD_LINK');
    }
  });

  it('reports an envelope from a newer format by its version', async () => {
    const sealed = await sealJson('{"v":1}');
    const newer = sealed.bytes.slice();
    newer[4] = 2;
    try {
      await openJson(newer, sealed.keyText, MAX);
      expect.unreachable();
    } catch (e) {
      expect((e as ShareError).code).toBe('NEWER_VERSION');
      expect((e as Error).message).toBe('this link was made by a newer heapdrop (format v2)');
    }
    expect(await codeOf(openJson(new TextEncoder().encode('<html>not a share</html>'), sealed.keyText, MAX))).toBe('INVALID');
  });

  it('refuses snapshots that expand beyond the limit (gzip bombs)', async () => {
    const sealed = await sealJson('x'.repeat(2_000_000));
    expect(await codeOf(openJson(sealed.bytes, sealed.keyText, 1_000_000))).toBe('TOO_LARGE');
    expect((await openJson(sealed.bytes, sealed.keyText, 2_000_000)).length).toBe(2_000_000);
  });

  it('gzip output is standard gzip', async () => {
    const z = await gzip(new TextEncoder().encode('abc'));
    expect([z[0], z[1]]).toEqual([0x1f, 0x8b]);
  });
});
