// The browser side of the API, against the real server on an ephemeral port; and delete-token bookkeeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../../server/testing.ts';
import { openSharedLink, sealSnapshot } from './open-share.ts';
import {
  deleteShare,
  deleteTokenFor,
  fetchShare,
  forgetDeleteToken,
  rememberDeleteToken,
  rememberedShares,
  shareLink,
  uploadShare,
} from './share-client.ts';
import type { ShareError } from './share-error.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ maxUploadBytes: 4096, ratePerMinute: 6 });
});
afterAll(async () => server.close());

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e: ShareError) => e.code,
  );
}

describe('share client', () => {
  it('uploads, opens, deletes, and then reports the share as deleted', async () => {
    const sealed = await sealSnapshot({ v: 1, createdAt: 5, title: 'client test' });
    const created = await uploadShare(sealed.bytes, server.url);
    const fetched = await fetchShare(created.id, server.url);
    expect(fetched.expiresAt).toBe(created.expiresAt);
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(sealed.bytes))).toBe(true);
    const opened = await openSharedLink(created.id, sealed.keyText, server.url);
    expect(opened.snapshot).toEqual({ v: 1, createdAt: 5, title: 'client test' });
    expect(await codeOf(deleteShare(created.id, 'x'.repeat(43), server.url))).toBe('SERVER');
    await deleteShare(created.id, created.deleteToken, server.url);
    expect(await codeOf(fetchShare(created.id, server.url))).toBe('DELETED');
  });

  it('maps server answers to error codes', async () => {
    expect(await codeOf(fetchShare('AAAAAAAAAAAAAAAAAAAAAA', server.url))).toBe('NOT_FOUND');
    expect(await codeOf(fetchShare('short', server.url))).toBe('BAD_LINK');
    expect(await codeOf(uploadShare(new Uint8Array(5000), server.url))).toBe('TOO_LARGE');
    expect(await codeOf(fetchShare('AAAAAAAAAAAAAAAAAAAAAA', 'http://127.0.0.1:1'))).toBe('NETWORK');
    let code = '';
    for (let i = 0; i < 10 && code !== 'RATE_LIMITED'; i++) code = await codeOf(uploadShare(new Uint8Array(10), server.url));
    expect(code).toBe('RATE_LIMITED');
  });

  it('reports an expired share as expired', async () => {
    let now = 1_800_000_000_000;
    const timed = await startTestServer({ clock: () => now, ttlMs: 60_000 });
    try {
      const created = await uploadShare((await sealSnapshot({ v: 1, createdAt: 1, title: 'expiring' })).bytes, timed.url);
      now += 60_000;
      const error = await fetchShare(created.id, timed.url).catch((e: ShareError) => e);
      expect((error as ShareError).code).toBe('EXPIRED');
      expect((error as ShareError).message).toBe('This shared analysis has expired.');
    } finally {
      await timed.close();
    }
  });

  it('does not fetch when the key in the link is truncated', async () => {
    expect(await codeOf(openSharedLink('AAAAAAAAAAAAAAAAAAAAAA', 'abc', 'http://127.0.0.1:1'))).toBe('BAD_LINK');
  });

  it('builds links with the key in the fragment', () => {
    expect(shareLink('https://h.example/', 'I', 'K')).toBe('https://h.example/#/s/I/K');
    expect(shareLink('https://h.example/app#/overview', 'I', 'K')).toBe('https://h.example/app/#/s/I/K');
  });
});

describe('delete tokens in localStorage', () => {
  const store = new Map<string, string>();
  beforeAll(() => {
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
  });
  afterAll(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('remembers, lists newest first, drops expired entries and forgets', () => {
    const a = { id: 'AAAAAAAAAAAAAAAAAAAAAA', deleteToken: 'ta', expiresAt: 2_000 };
    const b = { id: 'BBBBBBBBBBBBBBBBBBBBBB', deleteToken: 'tb', expiresAt: 9_000 };
    rememberDeleteToken(a, 'first', 100);
    rememberDeleteToken(b, 'second', 200);
    expect(deleteTokenFor(a.id)).toBe('ta');
    expect(rememberedShares(300).map((s) => s.title)).toEqual(['second', 'first']);
    expect(rememberedShares(2_000).map((s) => s.title)).toEqual(['second']);
    rememberDeleteToken({ id: 'CCCCCCCCCCCCCCCCCCCCCC', deleteToken: 'tc', expiresAt: 9_000 }, 'third', 3_000);
    expect(deleteTokenFor(a.id)).toBeNull(); // expired entries are dropped when writing
    forgetDeleteToken(b.id);
    expect(rememberedShares(3_000).map((s) => s.id)).toEqual(['CCCCCCCCCCCCCCCCCCCCCC']);
    store.set('heapdrop.shareTokens', 'not json');
    expect(rememberedShares()).toEqual([]);
  });

  it('erases titles kept by earlier versions, which stored the unmasked file name even for masked shares', () => {
    store.set(
      'heapdrop.shareTokens',
      JSON.stringify({ DDDDDDDDDDDDDDDDDDDDDD: { deleteToken: 'td', expiresAt: 9_000, title: 'payroll-prod.hprof', createdAt: 10 } }),
    );
    expect(rememberedShares(100).map((s) => s.title)).toEqual(['']);
    expect(store.get('heapdrop.shareTokens')).not.toContain('payroll-prod');
    expect(deleteTokenFor('DDDDDDDDDDDDDDDDDDDDDD')).toBe('td');
  });
});
