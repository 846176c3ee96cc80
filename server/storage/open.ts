// Chooses the storage backend from the server configuration. The S3 backend (and with it the AWS SDK) is loaded
// only when configured, so a SQLite deployment does not load the SDK.
import type { ServerConfig } from '../config.ts';
import { openSqliteStorage } from './sqlite.ts';
import type { ShareStorage } from './types.ts';

export async function openStorage(config: ServerConfig['storage'], callTimeoutMs?: number): Promise<ShareStorage> {
  if (config.kind === 's3') {
    const { openS3Storage } = await import('./s3.ts');
    return openS3Storage({
      bucket: config.bucket,
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      callTimeoutMs,
    });
  }
  return openSqliteStorage(config.dataDir, { callTimeoutMs });
}
