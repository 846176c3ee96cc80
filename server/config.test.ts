import { expect, it } from 'vitest';
import { configFromEnv } from './config.ts';

it('defaults to SQLite under ./data on port 8080 with 30-day shares', () => {
  const c = configFromEnv({}, '/srv/heapdrop');
  expect(c.port).toBe(8080);
  expect(c.storage).toEqual({ kind: 'sqlite', dataDir: '/srv/heapdrop/data' });
  expect(c.distDir).toBe('/srv/heapdrop/dist');
  expect(c.ttlDays).toBe(30);
  expect(c.maxUploadBytes).toBe(25 * 1024 * 1024);
  expect(c.ratePerMinute).toBe(30);
  expect(c.trustProxy).toBe(false);
});

it('reads the S3 settings and the limits', () => {
  const c = configFromEnv(
    {
      PORT: '9000',
      HEAPDROP_STORAGE: 's3',
      HEAPDROP_S3_BUCKET: 'b',
      HEAPDROP_S3_ENDPOINT: 'http://minio:9000',
      HEAPDROP_S3_REGION: 'eu-west-1',
      HEAPDROP_SHARE_TTL_DAYS: '7',
      HEAPDROP_TRUST_PROXY: '1',
      HEAPDROP_DATA_DIR: 'ignored-for-s3',
    },
    '/srv',
  );
  expect(c.port).toBe(9000);
  expect(c.storage).toEqual({ kind: 's3', bucket: 'b', endpoint: 'http://minio:9000', region: 'eu-west-1', forcePathStyle: undefined });
  expect(c.ttlDays).toBe(7);
  expect(c.trustProxy).toBe(true);
});

it('refuses settings it cannot use, naming them', () => {
  expect(() => configFromEnv({ HEAPDROP_STORAGE: 's3' })).toThrow('HEAPDROP_STORAGE=s3 needs HEAPDROP_S3_BUCKET');
  expect(() => configFromEnv({ HEAPDROP_STORAGE: 'redis' })).toThrow(/must be "sqlite" or "s3"/);
  expect(() => configFromEnv({ HEAPDROP_SHARE_TTL_DAYS: '0' })).toThrow(/HEAPDROP_SHARE_TTL_DAYS must be a positive number/);
  expect(() => configFromEnv({ PORT: 'http' })).toThrow(/PORT/);
});
