// Server settings from the environment (see server/README.md).
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  distDir: string;
  storage:
    { kind: 'sqlite'; dataDir: string } | { kind: 's3'; bucket: string; endpoint?: string; region?: string; forcePathStyle?: boolean };
  ttlDays: number;
  maxUploadBytes: number;
  ratePerMinute: number;
  clientBytesPerDay: number;
  maxStoreBytes: number;
  readsPerMinute: number;
  downloadsPerClient: number;
  downloadsTotal: number;
  storageTimeoutMs: number;
  trustProxy: boolean;
  purgeIntervalMs: number;
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${text}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const kind = (env.HEAPDROP_STORAGE ?? 'sqlite').toLowerCase();
  let storage: ServerConfig['storage'];
  if (kind === 's3') {
    const bucket = env.HEAPDROP_S3_BUCKET;
    if (!bucket) throw new Error('HEAPDROP_STORAGE=s3 needs HEAPDROP_S3_BUCKET');
    storage = {
      kind: 's3',
      bucket,
      endpoint: env.HEAPDROP_S3_ENDPOINT || undefined,
      region: env.HEAPDROP_S3_REGION || env.AWS_REGION || undefined,
      forcePathStyle: env.HEAPDROP_S3_PATH_STYLE === undefined ? undefined : env.HEAPDROP_S3_PATH_STYLE !== '0',
    };
  } else if (kind === 'sqlite') {
    storage = { kind: 'sqlite', dataDir: resolve(cwd, env.HEAPDROP_DATA_DIR || 'data') };
  } else {
    throw new Error(`HEAPDROP_STORAGE must be "sqlite" or "s3", not "${kind}"`);
  }
  return {
    port: positive('PORT', env.PORT, 8080),
    host: env.HOST || '0.0.0.0',
    distDir: resolve(cwd, env.HEAPDROP_DIST_DIR || 'dist'),
    storage,
    ttlDays: positive('HEAPDROP_SHARE_TTL_DAYS', env.HEAPDROP_SHARE_TTL_DAYS, 30),
    maxUploadBytes: positive('HEAPDROP_MAX_SHARE_BYTES', env.HEAPDROP_MAX_SHARE_BYTES, 25 * 1024 * 1024),
    ratePerMinute: positive('HEAPDROP_SHARES_PER_MINUTE', env.HEAPDROP_SHARES_PER_MINUTE, 30),
    clientBytesPerDay: positive('HEAPDROP_CLIENT_BYTES_PER_DAY', env.HEAPDROP_CLIENT_BYTES_PER_DAY, 250 * 1024 * 1024),
    maxStoreBytes: positive('HEAPDROP_MAX_STORE_BYTES', env.HEAPDROP_MAX_STORE_BYTES, Infinity),
    readsPerMinute: positive('HEAPDROP_READS_PER_MINUTE', env.HEAPDROP_READS_PER_MINUTE, 120),
    downloadsPerClient: positive('HEAPDROP_DOWNLOADS_PER_CLIENT', env.HEAPDROP_DOWNLOADS_PER_CLIENT, 4),
    downloadsTotal: positive('HEAPDROP_DOWNLOADS_TOTAL', env.HEAPDROP_DOWNLOADS_TOTAL, 64),
    storageTimeoutMs: positive('HEAPDROP_STORAGE_TIMEOUT_SECONDS', env.HEAPDROP_STORAGE_TIMEOUT_SECONDS, 10) * 1000,
    trustProxy: env.HEAPDROP_TRUST_PROXY === '1' || env.HEAPDROP_TRUST_PROXY === 'true',
    purgeIntervalMs: positive('HEAPDROP_PURGE_INTERVAL_MINUTES', env.HEAPDROP_PURGE_INTERVAL_MINUTES, 60) * 60_000,
  };
}
