// Chooses the storage backend from the server configuration.
import type { ServerConfig } from '../config.ts';
import { openS3Storage } from './s3.ts';
import { openSqliteStorage } from './sqlite.ts';
import type { ShareStorage } from './types.ts';

export function openStorage(config: ServerConfig['storage']): ShareStorage {
  if (config.kind === 's3') {
    return openS3Storage({
      bucket: config.bucket,
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
    });
  }
  return openSqliteStorage(config.dataDir);
}
