// One contract, run against every storage backend: SQLite always, S3 against a local moto_server when one starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, tempDir, type Moto } from '../testing.ts';
import { openS3Storage } from './s3.ts';
import { openSqliteStorage } from './sqlite.ts';
import { readAll, type ShareStorage } from './types.ts';

const T0 = 1_800_000_000_000;
const meta = (expiresAt: number) => ({ createdAt: T0, expiresAt, deleteTokenHash: 'ab'.repeat(32) });
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

function contract(name: string, open: () => Promise<ShareStorage>) {
  describe(name, () => {
    let storage: ShareStorage;
    beforeAll(async () => {
      storage = await open();
    });
    afterAll(async () => {
      await storage?.close();
    });

    it('returns the bytes and metadata that were put', async () => {
      const data = bytes(100_000, 7);
      await storage.put('AAAAAAAAAAAAAAAAAAAAAA', data, meta(T0 + 1000));
      const r = await storage.get('AAAAAAAAAAAAAAAAAAAAAA', T0);
      expect(r.state).toBe('live');
      if (r.state !== 'live') return;
      expect(r.size).toBe(data.length);
      expect(Buffer.from(await readAll(r)).equals(Buffer.from(data))).toBe(true);
      expect(r.meta).toEqual(meta(T0 + 1000));
      expect(await storage.meta('AAAAAAAAAAAAAAAAAAAAAA', T0)).toEqual(meta(T0 + 1000));
    });

    it('reports unknown ids as missing', async () => {
      expect(await storage.get('BBBBBBBBBBBBBBBBBBBBBB', T0)).toEqual({ state: 'missing' });
      expect(await storage.meta('BBBBBBBBBBBBBBBBBBBBBB', T0)).toBe('missing');
    });

    it('leaves a deleted tombstone', async () => {
      await storage.put('CCCCCCCCCCCCCCCCCCCCCC', bytes(10, 1), meta(T0 + 1000));
      expect(await storage.delete('CCCCCCCCCCCCCCCCCCCCCC')).toBe(true);
      expect(await storage.get('CCCCCCCCCCCCCCCCCCCCCC', T0)).toEqual({ state: 'deleted' });
      expect(await storage.meta('CCCCCCCCCCCCCCCCCCCCCC', T0)).toBe('deleted');
      expect(await storage.delete('CCCCCCCCCCCCCCCCCCCCCC')).toBe(false);
      expect(await storage.delete('DDDDDDDDDDDDDDDDDDDDDD')).toBe(false);
    });

    it('reports a share past its expiry as expired, and purges only expired shares', async () => {
      await storage.put('EEEEEEEEEEEEEEEEEEEEEE', bytes(10, 2), meta(T0 + 5_000));
      await storage.put('FFFFFFFFFFFFFFFFFFFFFF', bytes(10, 3), meta(T0 + 50_000));
      expect((await storage.get('EEEEEEEEEEEEEEEEEEEEEE', T0 + 4_999)).state).toBe('live');
      expect(await storage.get('EEEEEEEEEEEEEEEEEEEEEE', T0 + 5_000)).toEqual({ state: 'expired' });
      expect(await storage.meta('EEEEEEEEEEEEEEEEEEEEEE', T0 + 5_000)).toBe('expired');
      // 'AAA…' expires at T0+1000 and 'EEE…' at T0+5000; the deleted 'CCC…' is not counted again.
      expect(await storage.purgeExpired(T0 + 10_000)).toBe(2);
      expect(await storage.get('EEEEEEEEEEEEEEEEEEEEEE', T0)).toEqual({ state: 'expired' });
      expect(await storage.get('CCCCCCCCCCCCCCCCCCCCCC', T0)).toEqual({ state: 'deleted' });
      expect((await storage.get('FFFFFFFFFFFFFFFFFFFFFF', T0 + 10_000)).state).toBe('live');
      expect(await storage.purgeExpired(T0 + 10_000)).toBe(0);
    });
  });
}

contract('sqlite storage', async () => openSqliteStorage(tempDir()));

let moto: Moto | { unavailable: string } | undefined;
const motoReady = startMoto().then((m) => (moto = m));
afterAll(async () => {
  if (moto && 'stop' in moto) await moto.stop();
});

describe('s3 storage (moto_server)', async () => {
  const m = await motoReady;
  if ('unavailable' in m) {
    console.warn(`SKIPPED s3 storage tests: ${m.unavailable}`);
    it.skip(`s3 storage: ${m.unavailable}`, () => {});
    return;
  }
  contract('s3 storage', async () => openS3Storage(await m.bucket('heapdrop-contract')));
});
